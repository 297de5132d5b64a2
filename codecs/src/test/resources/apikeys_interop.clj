;; The Clojure reference implementations, called in-process by the interop tests and by the
;; fixture writer: transit-clj, clojure.edn / pr-str and clojure.data.json.
(ns apikeys-interop
  (:require [cognitect.transit :as transit]
            [clojure.edn :as edn]
            [clojure.data.json :as json])
  (:import [java.io ByteArrayInputStream ByteArrayOutputStream]))

(defn transit-write
  "Bytes of v in transit, fmt one of :json, :json-verbose, :msgpack."
  [fmt v]
  (let [out (ByteArrayOutputStream.)]
    (transit/write (transit/writer out fmt) v)
    (.toByteArray out)))

(defn transit-read [fmt ^bytes b]
  (transit/read (transit/reader (ByteArrayInputStream. b) fmt)))

(defn edn-write [v]
  (.getBytes ^String (pr-str v) "UTF-8"))

(defn edn-read [^bytes b]
  (edn/read-string (String. b "UTF-8")))

(defn json-write [v]
  (.getBytes ^String (json/write-str v) "UTF-8"))

(defn json-read [^bytes b]
  (json/read-str (String. b "UTF-8")))

(defn request
  "The request every fixture holds, as a client builds it: {:name \"ci\" :role \"operator\"}."
  []
  (array-map :name "ci" :role "operator"))

(defn response
  "The response the fixtures hold, fields in the spec's order."
  [^java.util.UUID key]
  (array-map :role "operator" :name "ci" :key key :created-by "key:0011223344556677"))

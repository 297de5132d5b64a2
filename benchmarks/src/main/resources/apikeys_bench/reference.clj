;; The Clojure reference implementations, as a Clojure service would call them: transit-clj,
;; clojure.edn / pr-str and clojure.data.json, on byte arrays in and out.
(ns apikeys-bench.reference
  (:require [cognitect.transit :as transit]
            [clojure.edn :as edn]
            [clojure.data.json :as json])
  (:import [java.io ByteArrayInputStream ByteArrayOutputStream]))

(set! *warn-on-reflection* true)

(defn transit-write
  "Bytes of v in transit, fmt :json or :msgpack."
  [fmt v]
  (let [out (ByteArrayOutputStream. 256)]
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

(defn response
  "A response as a Clojure service builds it: an array map in the spec's order."
  [role name ^java.util.UUID key created-by]
  (array-map :role role :name name :key key :created-by created-by))

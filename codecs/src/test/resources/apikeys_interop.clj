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

(defn rfc3339
  "A date as the JSON codec writes it: RFC 3339 in UTC with milliseconds."
  [^java.util.Date d]
  (.format (doto (java.text.SimpleDateFormat. "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
             (.setTimeZone (java.util.TimeZone/getTimeZone "UTC")))
           d))

(defn expiring-request
  "A request with an expiry, as a client builds it: the expiry a date, or in JSON a string."
  [json?]
  (let [at #inst "2027-01-01T00:00:00.000-00:00"]
    (array-map :name "ci" :role "operator" :expires-at (if json? (rfc3339 at) at))))

(defn list-response
  "A page of two keys, fields in the order the codecs write them, absent ones left out; dates as
  dates, or in JSON as strings."
  [json?]
  (let [t (if json? rfc3339 identity)]
    (array-map
      :keys [(array-map :name "ci" :role "operator" :id "key:0011223344556677" :hint "89ab"
                        :created-by "bootstrap"
                        :created-at (t #inst "2026-01-02T03:04:05.000-00:00")
                        :expires-at (t #inst "2027-01-01T00:00:00.123-00:00"))
             (array-map :name "deploy" :role "viewer" :id "key:8899aabbccddeeff"
                        :created-by "key:0011223344556677"
                        :created-at (t #inst "2026-01-02T03:04:06.500-00:00")
                        :last-used-at (t #inst "2026-02-01T00:00:00.000-00:00"))]
      :next "deploy")))

(defn revoke-response
  "The answer to a revoke."
  []
  (array-map :name "ci" :revoked true))

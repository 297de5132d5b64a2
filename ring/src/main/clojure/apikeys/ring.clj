(ns apikeys.ring
  "Ring adapter for apikeys.

  `handler` answers the API-key routes (`POST`, `GET` and `HEAD /api/v1/apikeys`,
  `DELETE /api/v1/apikeys/{name}`, `POST /api/v1/apikeys/{name}/rotate`) from an `ApikeyEndpoint`; `wrap-apikey` guards
  the host's own routes with an `ApikeyService`. Both take and give request and
  response maps as the Ring SPEC describes them, synchronous and asynchronous,
  and need nothing but Clojure and the apikeys jars."
  (:require [clojure.string :as str])
  (:import (dev.apikeys.codecs ApikeyEndpoint ApikeyGuard ApikeyGuard$Authenticated ApikeyGuard$Refused EndpointRequest EndpointResponse Headers)
           (dev.apikeys.core ApikeyService Caller)
           (java.io ByteArrayInputStream InputStream)
           (java.util Map$Entry)))

(set! *warn-on-reflection* true)

(defn- headers-of
  "A `Headers` lookup over a Ring request's `:headers`, whose names are lower case
  and whose repeated fields are already joined with commas."
  ^Headers [request]
  (let [headers (:headers request)]
    (reify Headers
      (get [_ name]
        (let [value (get headers (str/lower-case name))]
          (when (some? value) (str value)))))))

(defn- method-of ^String [request]
  (str/upper-case (name (:request-method request))))

(defn- target-of
  "The raw path and query, as Ring adapters give them: `:uri` is not decoded."
  ^String [request]
  (let [uri (:uri request)
        query (:query-string request)]
    (if (some? query) (str uri "?" query) uri)))

(defn- endpoint-request ^EndpointRequest [request]
  (let [body (:body request)]
    (if (instance? InputStream body)
      (EndpointRequest/ofStream (method-of request) (target-of request) (headers-of request) body)
      (EndpointRequest/of (method-of request) (target-of request) (headers-of request)))))

(defn- ring-response
  "Every header of the answer, with Ring's lower-case names, and the body as an
  InputStream: a body every Ring adapter writes (a byte array is not one of the
  SPEC's body types). A body-less answer, such as one to HEAD, has a nil body."
  [^EndpointResponse response]
  (let [body (.body response)
        headers (reduce (fn [m ^Map$Entry e]
                          (assoc m (str/lower-case (.getKey e)) (.getValue e)))
                        {}
                        (.entrySet (.headers response)))]
    {:status (.status response)
     :headers (if (pos? (alength body))
                (assoc headers "content-length" (str (alength body)))
                headers)
     :body (when (pos? (alength body)) (ByteArrayInputStream. body))}))

(def ^:private drain-limit
  "The most of a body left unread that is read and dropped to keep the connection."
  (* 64 1024))

(defn- drained?
  "Reads and drops the rest of `in`: true if it ended within `drain-limit` bytes."
  [^InputStream in]
  (try
    (or (neg? (.read in)) ; nothing left, as for most requests: no buffer needed
      (let [buffer (byte-array 8192)]
        (loop [left drain-limit]
          (let [n (.read in buffer 0 (int (min (alength buffer) left)))]
            (cond
              (neg? n) true
              (<= left n) false
              :else (recur (- left n)))))))
    (catch java.io.IOException _ false)))

(defn- finish-body
  "The response, once what is left of the request's body has been read. An answer
  is often decided before the body is read (401, 404, 415), while clients write a
  body after the head and keep the connection for their next request: a body
  left unread makes a server such as Jetty close the connection after an answer
  that did not say so. Up to 64 KiB is read and dropped; beyond it the response
  says `connection: close`."
  [request response]
  (let [body (:body request)]
    (if (or (not (instance? InputStream body)) (drained? body))
      response
      (assoc-in response [:headers "connection"] "close"))))

(defn handler
  "A Ring handler that answers every request it is given from `endpoint`, an
  `ApikeyEndpoint`: route it `/api/v1/apikeys` and everything under it. It has
  the synchronous arity `[request]` and the asynchronous `[request respond raise]`.

  The request's `:request-method`, `:uri` and `:query-string` (raw, as Ring
  adapters give them), lower-case `:headers` and `:body` (an InputStream, read
  no further than the endpoint's size limit plus one byte) make the endpoint's
  request. The response has `:status`, `:headers` with lower-case names
  (`content-type`, `cache-control`, and `allow` on a 405 and `www-authenticate`
  on a 401, `content-length` when there is a body) and `:body`, an InputStream,
  or nil for an answer without a body (HEAD). What the endpoint left of the body
  is read before the response is returned, up to 64 KiB (`connection: close`
  beyond), so that the connection serves the client's next request."
  [^ApikeyEndpoint endpoint]
  (fn
    ([request]
     (finish-body request (ring-response (.handle endpoint (endpoint-request request)))))
    ([request respond raise]
     (let [response (try
                      (finish-body request (ring-response (.handle endpoint (endpoint-request request))))
                      (catch Throwable t
                        (raise t)
                        ::raised))]
       (when-not (identical? response ::raised)
         (respond response))))))

;; the guard's answer to a refused request, without its body for HEAD
(defn- refusal [request ^EndpointResponse response]
  (finish-body request
   (ring-response (if (= :head (:request-method request))
                   (EndpointResponse. (.status response) (.contentType response) (byte-array 0) (.allow response))
                   response))))

(defn- authenticate
  "The `Caller`, or the library's refusal as a Ring response: `ApikeyGuard`'s
  401 (the same bytes for every reason), 503 when the store fails, or 500, in the
  format Accept asks for (the default format, JSON, when it asks for none)."
  [^ApikeyGuard guard request]
  (let [decision (.check guard (headers-of request))]
    (if (instance? ApikeyGuard$Authenticated decision)
      (.caller ^ApikeyGuard$Authenticated decision)
      (refusal request (.response ^ApikeyGuard$Refused decision)))))

(defn wrap-apikey
  "Middleware that lets through only requests that authenticate with
  `x-bytebeam-tenant` and `x-bytebeam-api-key`: `handler` gets them with the
  `Caller` under `:apikeys/caller`. Any other request never reaches it and is
  answered with the library's 401 in the negotiated format, the same bytes for
  every reason, or 503 when the store fails (500 for anything unexpected).
  Synchronous and asynchronous arities.

  `service` is an `ApikeyService`."
  [handler ^ApikeyService service]
  (let [guard (ApikeyGuard/of service)]
   (fn
    ([request]
     (let [caller (authenticate guard request)]
       (if (instance? Caller caller)
         (handler (assoc request :apikeys/caller caller))
         caller)))
    ([request respond raise]
     (let [caller (try
                    (authenticate guard request)
                    (catch Throwable t
                      (raise t)
                      ::raised))]
       (cond
         (identical? caller ::raised) nil
         (instance? Caller caller) (handler (assoc request :apikeys/caller caller) respond raise)
         :else (respond caller)))))))

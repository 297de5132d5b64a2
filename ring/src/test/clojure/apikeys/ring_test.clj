(ns apikeys.ring-test
  "apikeys.ring on request maps built as the Ring SPEC describes them: the
  adapters themselves are not on Maven Central."
  (:require [apikeys.ring :as ar]
            [clojure.data.json :as json]
            [clojure.edn :as edn]
            [clojure.test :refer [deftest is testing]]
            [cognitect.transit :as transit])
  (:import (dev.apikeys.codecs ApikeyEndpoint)
           (dev.apikeys.core ApikeyRequest ApikeyService Caller)
           (dev.apikeys.core.spi ApikeyStore)
           (dev.apikeys.storage.memory MemoryApikeyStore)
           (java.io ByteArrayInputStream ByteArrayOutputStream InputStream)
           (java.util UUID)
           (java.util.concurrent CountDownLatch TimeUnit)))

(def tenant "acme")

(defn- fresh
  "A service on a memory store with an admin and a viewer, and its endpoint."
  []
  (let [service (ApikeyService/ofDefaults (MemoryApikeyStore.))
        admin (.key (.orElseThrow (.createFirstKey service tenant (ApikeyRequest. "root" "admin"))))
        viewer (.key (.createBootstrapKey service tenant (ApikeyRequest. "watcher" "viewer")))]
    {:service service
     :endpoint (.build (.service (ApikeyEndpoint/builder) service))
     :admin (str admin)
     :viewer (str viewer)}))

(defn- request
  "A request map with the SPEC's required keys."
  [method uri & {:keys [query headers body]}]
  (cond-> {:server-port 8080
           :server-name "localhost"
           :remote-addr "127.0.0.1"
           :uri uri
           :scheme :http
           :protocol "HTTP/1.1"
           :request-method method
           :headers (merge {"host" "localhost:8080"} headers)}
    query (assoc :query-string query)
    body (assoc :body (if (instance? InputStream body) body (ByteArrayInputStream. ^bytes body)))))

(defn- auth [key] {"x-bytebeam-tenant" tenant "x-bytebeam-api-key" key})

(defn- body-bytes ^bytes [response]
  (let [body (:body response)]
    (is (or (nil? body) (instance? InputStream body)) "the body is an InputStream or nil")
    (if (nil? body)
      (byte-array 0)
      (let [out (ByteArrayOutputStream.)]
        (.transferTo ^InputStream body out)
        (.toByteArray out)))))

(def formats
  {"application/json"
   {:write #(.getBytes ^String (json/write-str %) "UTF-8")
    :read #(json/read-str (String. ^bytes % "UTF-8") :key-fn keyword)}
   "application/transit+json"
   {:write #(let [out (ByteArrayOutputStream.)] (transit/write (transit/writer out :json) %) (.toByteArray out))
    :read #(transit/read (transit/reader (ByteArrayInputStream. %) :json))}
   "application/transit+msgpack"
   {:write #(let [out (ByteArrayOutputStream.)] (transit/write (transit/writer out :msgpack) %) (.toByteArray out))
    :read #(transit/read (transit/reader (ByteArrayInputStream. %) :msgpack))}
   "application/edn"
   {:write #(.getBytes ^String (pr-str %) "UTF-8")
    :read #(edn/read-string (String. ^bytes % "UTF-8"))}})

(defn- call
  "Runs a request through the handler; the response with its body read and decoded."
  [handler fmt req]
  (let [response (handler req)
        bytes (body-bytes response)]
    (assoc response :bytes bytes :data (when (pos? (alength bytes)) ((:read (formats fmt)) bytes)))))

(defn- create [env fmt key body & {:as extra}]
  (let [handler (ar/handler (:endpoint env))]
    (call handler fmt (request :post "/api/v1/apikeys"
                               :headers (merge (auth key) {"content-type" fmt "accept" fmt} (:headers extra))
                               :body (if (bytes? body) body ((:write (formats fmt)) body))))))

(deftest the-behaviour-table-in-every-format
  (doseq [fmt (keys formats)]
    (testing fmt
      (let [env (fresh)
            {:keys [admin viewer]} env
            ok (create env fmt admin {:name "ci" :role "operator"})]
        (testing "200 with the created key"
          (is (= 200 (:status ok)))
          (is (= ["operator" "ci" "key:"] [(:role (:data ok)) (:name (:data ok)) (subs (:created-by (:data ok)) 0 4)]))
          (is (some? (UUID/fromString (str (:key (:data ok))))))
          (is (.startsWith ^String (get-in ok [:headers "content-type"]) fmt))
          (is (= "no-store" (get-in ok [:headers "cache-control"])))
          (is (= (str (alength ^bytes (:bytes ok))) (get-in ok [:headers "content-length"]))))
        (testing "every header name is lower case"
          (is (every? #(= % (.toLowerCase ^String %)) (keys (:headers ok)))))
        (doseq [[why response status code]
                [["malformed" (create env fmt admin (.getBytes "{\"name\": [" "UTF-8")) 400 "malformed-body"]
                 ["invalid" (create env fmt admin {:name "x" :role "emperor"}) 400 "invalid-request"]
                 ["no key" (create env fmt nil {:name "x" :role "viewer"}) 401 "unauthenticated"]
                 ["viewer" (create env fmt viewer {:name "x" :role "viewer"}) 403 "forbidden"]
                 ["taken" (create env fmt admin {:name "ci" :role "viewer"}) 409 "name-taken"]
                 ["too large" (create env fmt admin (byte-array (inc ApikeyEndpoint/DEFAULT_MAX_BODY_BYTES))) 413 "body-too-large"]
                 ["no content type" (create env fmt admin {:name "y" :role "viewer"} :headers {"content-type" nil}) 415
                  "unsupported-media-type"]]]
          (testing why
            (is (= status (:status response)))
            (is (= code (:error (:data response))))
            (is (.startsWith ^String (get-in response [:headers "content-type"]) fmt))
            (is (= "no-store" (get-in response [:headers "cache-control"])))))
        (testing "406 when Accept lists nothing the endpoint writes, in the default format"
          (let [response (call (ar/handler (:endpoint env)) "application/json"
                               (request :post "/api/v1/apikeys"
                                        :headers (merge (auth admin) {"content-type" fmt "accept" "text/html"})
                                        :body ((:write (formats fmt)) {:name "z" :role "viewer"})))]
            (is (= 406 (:status response)))
            (is (= "not-acceptable" (:error (:data response))))
            (is (.startsWith ^String (get-in response [:headers "content-type"]) "application/json"))))))))

(deftest a-401-carries-its-challenge
  (let [env (fresh)
        response (call (ar/handler (:endpoint env)) "application/edn"
                       (request :get "/api/v1/apikeys" :headers {"accept" "application/edn"}))]
    (is (= 401 (:status response)))
    (is (= "unauthenticated" (:error (:data response))))
    (is (.startsWith ^String (get-in response [:headers "www-authenticate"]) "ApiKey realm=\"apikeys\""))))

(deftest list-and-revoke-with-the-raw-path-and-query
  (let [env (fresh)
        handler (ar/handler (:endpoint env))
        _ (create env "application/json" (:admin env) {:name "deploy bot/1" :role "viewer"})
        page (call handler "application/json"
                   (request :get "/api/v1/apikeys" :query "limit=1&after=deploy%20bot%2F1" :headers (auth (:admin env))))
        revoked (call handler "application/edn"
                      (request :delete "/api/v1/apikeys/deploy%20bot%2F1"
                               :headers (merge (auth (:admin env)) {"accept" "application/edn"})))
        again (call handler "application/json" (request :delete "/api/v1/apikeys/deploy%20bot%2F1" :headers (auth (:admin env))))]
    (is (= 200 (:status page)))
    (is (= ["root"] (map :name (:keys (:data page)))) "the query was passed on: one key after the name")
    (is (= "root" (:next (:data page))))
    (is (= 200 (:status revoked)))
    (is (= {:name "deploy bot/1" :revoked true} (:data revoked)))
    (is (= 404 (:status again)))))

(deftest rotate-a-name-holding-a-slash-in-edn
  (let [env (fresh)
        handler (ar/handler (:endpoint env))
        _ (create env "application/json" (:admin env) {:name "deploy bot/1" :role "viewer"})
        rotated (call handler "application/edn"
                      (request :post "/api/v1/apikeys/deploy%20bot%2F1/rotate"
                               :headers (merge (auth (:admin env)) {"accept" "application/edn" "content-type" "application/edn"})
                               :body (.getBytes "{:grace-seconds 60}" "UTF-8")))
        on-get (call handler "application/json" (request :get "/api/v1/apikeys/deploy%20bot%2F1/rotate" :headers (auth (:admin env))))]
    (is (= 200 (:status rotated)))
    (is (= "deploy bot/1" (:name (:data rotated))))
    (is (instance? java.util.UUID (:key (:data rotated))) "a real UUID, as clojure.edn reads #uuid")
    (is (instance? java.util.Date (:previous-key-expires-at (:data rotated))) "a real instant, as clojure.edn reads #inst")
    (is (= 405 (:status on-get)))
    (is (= "POST" (get-in on-get [:headers "allow"])))))

(deftest head-is-get-without-a-body-and-405-names-the-allowed-methods
  (let [env (fresh)
        handler (ar/handler (:endpoint env))
        get-response (call handler "application/json" (request :get "/api/v1/apikeys" :headers (auth (:admin env))))
        head (handler (request :head "/api/v1/apikeys" :headers (auth (:admin env))))
        put (call handler "application/json" (request :put "/api/v1/apikeys" :headers (auth (:admin env))))
        post-on-key (call handler "application/json" (request :post "/api/v1/apikeys/ci" :headers (auth (:admin env))))
        nowhere (call handler "application/json" (request :get "/elsewhere" :headers (auth (:admin env))))]
    (is (= 200 (:status get-response) (:status head)))
    (is (nil? (:body head)))
    (is (= (get-in get-response [:headers "content-type"]) (get-in head [:headers "content-type"])))
    (is (not (contains? (:headers head) "content-length")))
    (is (= 405 (:status put)))
    (is (= "GET, HEAD, POST" (get-in put [:headers "allow"])))
    (is (= "method-not-allowed" (:error (:data put))))
    (is (= "DELETE" (get-in post-on-key [:headers "allow"])))
    (is (= 404 (:status nowhere)))))

(defn- endless-stream
  "A body that never ends, counting what is read of it."
  [read-count]
  (proxy [InputStream] []
    (read
      ([] (swap! read-count inc) 32)
      ([^bytes b off len]
       (java.util.Arrays/fill b (int off) (int (+ off len)) (byte 32))
       (swap! read-count + len)
       len))))

(def ^:private drained-at-most
  "What an answer reads of a body it did not need, at most: 64 KiB and one byte."
  (inc (* 64 1024)))

(deftest the-body-is-read-as-a-stream-never-past-the-limit
  (let [env (fresh)
        handler (ar/handler (:endpoint env))
        read-count (atom 0)
        response (call handler "application/json"
                       (request :post "/api/v1/apikeys"
                                :headers (merge (auth (:admin env)) {"content-type" "application/json"})
                                :body (endless-stream read-count)))]
    (is (= 413 (:status response)))
    (is (<= @read-count (+ (inc ApikeyEndpoint/DEFAULT_MAX_BODY_BYTES) drained-at-most)))
    (is (= "close" (get-in response [:headers "connection"]))))
  (testing "an answer given before the body was read reads what is left of it, so the connection serves the next request"
    (let [env (fresh)
          handler (ar/handler (:endpoint env))
          app (ar/wrap-apikey (fn [_] {:status 200 :headers {} :body "secret"}) (:service env))]
      (doseq [[why respond req] [["a refused create" handler (request :post "/api/v1/apikeys" :headers {"content-type" "application/json"})]
                                 ["a list" handler (request :get "/api/v1/apikeys" :headers (auth (:admin env)))]
                                 ["the middleware's 401" app (request :post "/reports")]]]
        (testing why
          (let [body (ByteArrayInputStream. (.getBytes "{\"name\":\"ci\",\"role\":\"viewer\"}" "UTF-8"))
                response (respond (assoc req :body body))]
            (is (zero? (.available body)) "the body was read to its end")
            (is (not (contains? (:headers response) "connection")) "the connection stays open"))
          (let [read-count (atom 0)
                response (respond (assoc req :body (endless-stream read-count)))]
            (is (<= @read-count drained-at-most) "no more than 64 KiB and a byte is read")
            (is (= "close" (get-in response [:headers "connection"])) "beyond that, the connection closes"))))))
  (testing "a request without :body is a request without a body"
    (let [env (fresh)
          response (call (ar/handler (:endpoint env)) "application/json"
                         (request :post "/api/v1/apikeys" :headers (merge (auth (:admin env)) {"content-type" "application/json"})))]
      (is (= 400 (:status response)))
      (is (= "malformed-body" (:error (:data response)))))))

(defn- async-call
  "Calls the 3-arity and waits for respond or raise: [:respond response] or [:raise throwable]."
  [handler req]
  (let [latch (CountDownLatch. 1)
        result (atom nil)]
    (handler req
             (fn [response] (reset! result [:respond response]) (.countDown latch))
             (fn [t] (reset! result [:raise t]) (.countDown latch)))
    (is (.await latch 10 TimeUnit/SECONDS) "respond or raise was called")
    @result))

(deftest the-asynchronous-arity-responds-as-the-synchronous-one
  (let [env (fresh)
        handler (ar/handler (:endpoint env))
        body (.getBytes "{\"name\":\"async\",\"role\":\"viewer\"}" "UTF-8")
        [how response] (async-call handler (request :post "/api/v1/apikeys"
                                                    :headers (merge (auth (:admin env)) {"content-type" "application/json"})
                                                    :body body))]
    (is (= :respond how))
    (is (= 200 (:status response)))
    (is (= "async" (:name (json/read-str (String. (body-bytes response) "UTF-8") :key-fn keyword)))))
  (testing "what cannot be a request is raised, not responded"
    (let [env (fresh)
          [how t] (async-call (ar/handler (:endpoint env)) (dissoc (request :get "/api/v1/apikeys") :request-method))]
      (is (= :raise how))
      (is (instance? Throwable t)))))

(defn- failing-store
  "A store that is down."
  []
  (reify ApikeyStore
    (insert [_ _] (throw (IllegalStateException. "down")))
    (findByDigest [_ _ _] (throw (IllegalStateException. "down")))
    (list [_ _] (throw (IllegalStateException. "down")))
    (delete [_ _ _] (throw (IllegalStateException. "down")))))

(deftest the-middleware-lets-an-authenticated-caller-through-with-its-caller
  (let [env (fresh)
        seen (atom nil)
        app (ar/wrap-apikey (fn [req] (reset! seen req) {:status 200 :headers {} :body "hello"}) (:service env))
        response (app (request :get "/reports" :headers (auth (:viewer env))))]
    (is (= {:status 200 :headers {} :body "hello"} response))
    (let [^Caller caller (:apikeys/caller @seen)]
      (is (instance? Caller caller))
      (is (= [tenant "viewer"] [(.tenant caller) (.role caller)]))
      (is (.startsWith (.id caller) "key:")))
    (is (= "/reports" (:uri @seen)) "the request is otherwise the same")))

(deftest the-middleware-answers-anyone-else-with-the-librarys-401
  (let [env (fresh)
        reached (atom 0)
        app (ar/wrap-apikey (fn [_] (swap! reached inc) {:status 200 :headers {} :body "secret"}) (:service env))
        endpoint-401 (call (ar/handler (:endpoint env)) "application/edn"
                           (request :get "/api/v1/apikeys" :headers {"accept" "application/edn"}))]
    (doseq [[why headers] [["no headers" {}]
                           ["no key" {"x-bytebeam-tenant" tenant}]
                           ["unknown key" (auth (str (UUID/randomUUID)))]
                           ["another tenant" (assoc (auth (:admin env)) "x-bytebeam-tenant" "other")]
                           ["not a key" (auth "hunter2")]]]
      (testing why
        (let [response (call app "application/edn" (request :get "/reports" :headers (merge headers {"accept" "application/edn"})))]
          (is (= 401 (:status response)))
          (is (= (seq (:bytes endpoint-401)) (seq (:bytes response))) "the same bytes as the endpoint's 401")
          (is (= (:headers endpoint-401) (:headers response)))
          (is (= "unauthenticated" (:error (:data response)))))))
    (testing "in the negotiated format, JSON when Accept names none of the four"
      (let [json-401 (call app "application/json" (request :get "/reports" :headers {"accept" "text/html"}))]
        (is (= 401 (:status json-401)))
        (is (.startsWith ^String (get-in json-401 [:headers "content-type"]) "application/json"))
        (is (.startsWith ^String (get-in json-401 [:headers "www-authenticate"]) "ApiKey"))
        (is (= "unauthenticated" (:error (:data json-401))))))
    (testing "without a body for HEAD"
      (let [head (app (request :head "/reports"))]
        (is (= 401 (:status head)))
        (is (nil? (:body head)))))
    (is (zero? @reached) "the handler was never reached")))

(deftest the-middleware-answers-503-when-the-store-is-down
  (let [app (ar/wrap-apikey (fn [_] {:status 200 :headers {} :body "secret"}) (ApikeyService/ofDefaults (failing-store)))
        response (call app "application/transit+json"
                       (request :get "/reports" :headers (merge (auth (str (UUID/randomUUID))) {"accept" "application/transit+json"})))]
    (is (= 503 (:status response)))
    (is (= "storage-unavailable" (:error (:data response))))
    (is (not (contains? (:headers response) "www-authenticate")))))

(deftest the-middlewares-asynchronous-arity
  (let [env (fresh)
        app (ar/wrap-apikey (fn [req respond _raise]
                              (respond {:status 200 :headers {} :body (.role ^Caller (:apikeys/caller req))}))
                            (:service env))
        [how ok] (async-call app (request :get "/reports" :headers (auth (:admin env))))
        [how-refused refused] (async-call app (request :get "/reports"))]
    (is (= [:respond 200 "admin"] [how (:status ok) (:body ok)]))
    (is (= [:respond 401] [how-refused (:status refused)]))
    (is (instance? InputStream (:body refused))))
  (testing "a failure of the handler is the handler's to raise"
    (let [env (fresh)
          boom (IllegalStateException. "boom")
          app (ar/wrap-apikey (fn [_ _ raise] (raise boom)) (:service env))
          [how t] (async-call app (request :get "/reports" :headers (auth (:admin env))))]
      (is (= [:raise boom] [how t])))))

(deftest no-key-in-what-the-adapter-returns
  (let [env (fresh)
        presented (str (UUID/randomUUID))
        app (ar/wrap-apikey (fn [_] {:status 200 :headers {} :body ""}) (:service env))
        refused (call app "application/json" (request :get "/reports" :headers (auth presented)))]
    (is (= 401 (:status refused)))
    (is (not (.contains (pr-str (dissoc refused :body)) presented)))
    (is (not (.contains (String. ^bytes (:bytes refused) "UTF-8") presented)))))

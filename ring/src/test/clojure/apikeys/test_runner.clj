(ns apikeys.test-runner
  "Runs clojure.test vars one at a time for JUnit, with their report."
  (:require [clojure.test :as t]))

(defn test-vars
  "The test vars of a namespace, in the order they are written."
  [ns-sym]
  (require ns-sym)
  (->> (ns-interns ns-sym) vals (filter (comp :test meta)) (sort-by (comp :line meta))))

(defn run-var
  "Runs one test var: its counters and what clojure.test printed."
  [v]
  (let [out (java.io.StringWriter.)]
    (binding [t/*report-counters* (ref t/*initial-report-counters*)
              t/*test-out* out]
      (t/test-vars [v])
      {:counters @t/*report-counters* :out (str out)})))

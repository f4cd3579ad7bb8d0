#!/bin/sh
# The one command for the speed benchmarks: builds with the jmh profile, runs the interleaved
# updater-step and training-step benchmarks and writes results/benchmarks/{updater,training}-step.{json,md}
# (plus the run record *.run.properties naming commit, time and load average before/after).
#
#   src/jmh/run-benchmarks.sh                 # both, about 8 minutes on a quiet 2-core machine
#   src/jmh/run-benchmarks.sh updater         # only the updater step (about 4 minutes)
#   src/jmh/run-benchmarks.sh training        # only the training step (about 3 minutes)
#   src/jmh/run-benchmarks.sh trial-loop      # the suite's trial vs bare DL4J loops (about 3 minutes; not in the default run)
#   src/jmh/run-benchmarks.sh --quick         # a short trial of the code; its numbers mean nothing
#   src/jmh/run-benchmarks.sh --out DIR       # write somewhere else than results/benchmarks
#   src/jmh/run-benchmarks.sh updater --arms "adam/optimlab adam/dl4j limit/adam" --cycles 4   # a development subset
#
# Run it on a quiet machine (check `uptime` first): the tables state the load average anyway.
# OMP_NUM_THREADS=1 keeps ND4J's native ops on one thread, like the Java loops they are compared with.
set -e
cd "$(dirname "$0")/../.."
# offline first (JMH 1.37 is in the local repository once fetched); online if it is not there yet
mvn -B -q -o -Pjmh -DskipTests compile -pl suite -am || mvn -B -q -Pjmh -DskipTests compile -pl suite -am
export OMP_NUM_THREADS=1
exec java -Xmx512m -cp "suite/target/classes:$(cat suite/target/jmh-classpath.txt)" dev.optimlab.bench.BenchmarkSuite "$@"

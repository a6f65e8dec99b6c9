#!/usr/bin/env bash
# Several instances on this machine (docs/scale-out.md): an Artemis broker, the ACS sandbox and three instances, each
# in a JVM of its own; kill -9 of the leader mid-file. Options: --file-records=N (300), --jms-messages=N (100),
# --instances=N (3). Figures and checks on stdout, logs in target/cluster-bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
# the service, the Artemis distribution (target/artemis) and the client classpath the bench itself needs
mvn -q -DskipTests package dependency:unpack@artemis-cli dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
java -cp "$(cat target/bench-classpath.txt)" bench/ClusterBench.java "$@"

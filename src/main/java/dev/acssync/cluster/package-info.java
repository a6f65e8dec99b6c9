/**
 * Several instances of the service sharing one job (docs/scale-out.md), all off unless {@code sync.cluster.enabled}:
 * the embedded Hazelcast member each instance runs, and the one ACS rate limit the members keep together on it
 * (Bucket4j). Leader election for the folder and SFTP intake is Camel's own ({@code master:} with a cluster service,
 * set in config/application-cluster.properties); JMS needs nothing here (competing consumers on one broker).
 */
package dev.acssync.cluster;

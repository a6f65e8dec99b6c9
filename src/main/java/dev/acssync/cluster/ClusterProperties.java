package dev.acssync.cluster;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Running as several instances ({@code sync.cluster.*}); config/application-cluster.properties sets them all.
 *
 * @param enabled true: this instance is one of several (rate limit shared, intake by the elected leader only)
 * @param leaderOnly the prefix of the folder and SFTP source URIs: {@code master:<namespace>:} in cluster mode, so
 *                   that only the leader the cluster service elects polls; empty for a single instance
 * @param name the Hazelcast cluster's name: members join only a cluster of the same name
 * @param members the members' addresses (host or host:port), the same list on every instance
 * @param bindAddress the address this member listens on and is reached at (never all interfaces)
 * @param port the first port tried; the next ones are tried when it is taken (several instances on one host)
 * @param kubernetesServiceDns on Kubernetes: a headless Service's DNS name whose addresses are the members (instead of
 *                             {@code members}; Hazelcast's own Kubernetes discovery, DNS mode, needs no API rights)
 * @param rateLimitQuorum ACS calls are made only while at least this many members see each other: a split cluster
 *                        cannot keep two rates (set it to a majority of the members)
 */
@ConfigurationProperties("sync.cluster")
public record ClusterProperties(boolean enabled, String leaderOnly, String name, List<String> members,
                                String bindAddress, int port, String kubernetesServiceDns,
                                int rateLimitQuorum) {
}

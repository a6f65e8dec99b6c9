/**
 * The cached org-unit directory (orgUnitBase, paginated), the content enricher's aggregation strategy, and its console control.
 */
package dev.acssync.orgunit;

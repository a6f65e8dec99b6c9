/**
 * How a record ends (updated, or a dead letter with one reason) and the report of a run: the outcome types, the reasons, and the beans the routes call to build them.
 */
package dev.acssync.outcome;

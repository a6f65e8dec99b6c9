/**
 * Everything that talks to Adobe Campaign Standard: IMS tokens, request URIs and bodies, how an answer is classified (success, transient, permanent, credentials), whether ACS is usable as a whole, the global rate limit and the worker pool that bounds the calls in flight.
 */
package dev.acssync.acs;

/**
 * Everything that talks to Adobe Campaign Standard: IMS tokens, request URIs and bodies, what each kind of answer becomes (the route's step classify-answer decides the kind: success, transient, permanent, credentials), the retry budget of a call, whether ACS is usable as a whole, the global rate limit and the worker pool that bounds the calls in flight.
 */
package dev.acssync.acs;

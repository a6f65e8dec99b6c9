/**
 * The bottom package: the words the other packages share (plain Java, no Spring), so none of them has to import
 * another's internals to speak of the same thing.
 */
package dev.acssync.vocabulary;

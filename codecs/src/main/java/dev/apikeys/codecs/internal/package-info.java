/** The codecs' implementation; not API, free to change. */
package dev.apikeys.codecs.internal;

/** The store's SQL, schema files and per-database rules. Not API: free to change. */
package dev.apikeys.storage.jdbc.internal;

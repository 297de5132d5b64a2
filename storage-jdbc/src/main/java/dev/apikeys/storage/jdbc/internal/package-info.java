/** The store's SQL, schema files and transactions. Not API: free to change. */
package dev.apikeys.storage.jdbc.internal;

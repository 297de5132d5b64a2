/** The schema files for mariadb, as resources of this folder; opened, so that a host's migration tool can read them on the module path. */
package dev.apikeys.storage.jdbc.schema.mariadb;

/**
 * HOCON experiment files to records: the driver's {@code reference.conf} declares every key with
 * its default; a file under {@code conf/} holds overrides and a {@code grid}. Everything is
 * validated before Spark starts. The only package that imports {@code com.typesafe.config}.
 */
package org.engram.driver.config;

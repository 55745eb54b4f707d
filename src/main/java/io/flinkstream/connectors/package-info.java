/**
 * Built-in sources and sinks: the number sequence and collection sources behind {@code fromSequence}/{@code fromElements}, and the print, discarding and in-memory collecting sinks. Built only on the public {@code api} and {@code api.source}, as a user's connector would be.
 */
package io.flinkstream.connectors;

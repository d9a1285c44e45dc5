/**
 * Runtime support shared by every trial: the canonical JSON of a spec (the basis of a trial's id)
 * and what build produced a result (code version, project version, git commit).
 */
package org.engram.runtime;

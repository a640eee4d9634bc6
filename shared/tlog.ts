/**
 * The transparency log's pure parts (issue 18): RFC 6962 hashing and proofs, C2SP signed notes,
 * checkpoints and tiles, and RFC 8785 canonical JSON for entries. No broker, no database: the
 * service, the offline verifier and the monitor all use these.
 */
export * from "./tlog/canonical-json.js";
export * from "./tlog/checkpoint.js";
export * from "./tlog/merkle.js";
export * from "./tlog/note.js";
export * from "./tlog/tiles.js";
export * from "./tlog/witness.js";

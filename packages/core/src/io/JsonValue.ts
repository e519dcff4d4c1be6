/** A value that survives JSON.stringify/parse unchanged: what plugins may store in checkpoints. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

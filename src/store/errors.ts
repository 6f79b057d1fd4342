// Typed store errors: the identity layer maps them to AWS error codes. Messages never contain secrets.

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
}

/** A name (or id) already taken; IAM's `EntityAlreadyExists`. Names compare case-insensitively. */
export class StoreConflictError extends StoreError {
  override readonly name = 'StoreConflictError';
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} ${key} already exists`);
  }
}

/** A mutation named an entity that does not exist; IAM's `NoSuchEntity`. Reads return `undefined` instead. */
export class StoreNotFoundError extends StoreError {
  override readonly name = 'StoreNotFoundError';
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} ${key} does not exist`);
  }
}

/** The database was written by a newer Castellan, or its migrations do not match this code. */
export class StoreSchemaError extends StoreError {
  override readonly name = 'StoreSchemaError';
}

/** A write was attempted in a transaction opened with `readOnly`. */
export class StoreReadOnlyError extends StoreError {
  override readonly name = 'StoreReadOnlyError';
}

/** A sealed secret could not be opened: wrong master key, tampering, or a ciphertext moved between rows. */
export class SecretError extends StoreError {
  override readonly name = 'SecretError';
}

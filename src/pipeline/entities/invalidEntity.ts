/**
 * An entity constructor or reader refused a value, as receipt_dynamo's constructors raise ValueError.
 * `entity` is the entity's TYPE.
 */
export class InvalidEntity extends Error {
  constructor(
    readonly entity: string,
    message: string,
  ) {
    super(`${entity}: ${message}`);
    this.name = 'InvalidEntity';
  }
}

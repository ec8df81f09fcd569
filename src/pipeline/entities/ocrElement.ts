import type { Item } from '../../ports/values.js';
import { checkFinite, checkOneOf, checkRange } from './fieldChecks.js';
import type { ItemReader } from './itemReader.js';

/**
 * The fields ReceiptLine and ReceiptWord share (spec §1.3): text, geometry, OCR confidence in (0, 1],
 * embedding status and the noise flag. They only matter to Chroma at embed time.
 */
export const embeddingStatuses = ['NONE', 'PENDING', 'SUCCESS', 'FAILED', 'NOISE'] as const;
export type EmbeddingStatus = (typeof embeddingStatuses)[number];

export type Point = { readonly x: number; readonly y: number };
export type BoundingBox = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

export type OcrElement = {
  readonly text: string;
  readonly bounding_box: BoundingBox;
  readonly top_left: Point;
  readonly top_right: Point;
  readonly bottom_left: Point;
  readonly bottom_right: Point;
  readonly angle_degrees: number;
  readonly angle_radians: number;
  readonly confidence: number;
  readonly embedding_status: EmbeddingStatus;
  readonly is_noise: boolean;
};

export type OcrElementInput = Omit<OcrElement, 'embedding_status' | 'is_noise'> & {
  readonly embedding_status?: EmbeddingStatus;
  readonly is_noise?: boolean;
};

const corners = ['top_left', 'top_right', 'bottom_left', 'bottom_right'] as const;

export function checkOcrElement(entity: string, input: OcrElementInput): OcrElement {
  const box = input.bounding_box;
  for (const [field, value] of Object.entries(box)) checkFinite(entity, `bounding_box.${field}`, value);
  for (const corner of corners) {
    checkFinite(entity, `${corner}.x`, input[corner].x);
    checkFinite(entity, `${corner}.y`, input[corner].y);
  }
  return {
    text: input.text,
    bounding_box: { x: box.x, y: box.y, width: box.width, height: box.height },
    top_left: { x: input.top_left.x, y: input.top_left.y },
    top_right: { x: input.top_right.x, y: input.top_right.y },
    bottom_left: { x: input.bottom_left.x, y: input.bottom_left.y },
    bottom_right: { x: input.bottom_right.x, y: input.bottom_right.y },
    angle_degrees: checkFinite(entity, 'angle_degrees', input.angle_degrees),
    angle_radians: checkFinite(entity, 'angle_radians', input.angle_radians),
    confidence: checkRange(entity, 'confidence', input.confidence, 0, 1, true),
    embedding_status: checkOneOf(entity, 'embedding_status', input.embedding_status ?? 'NONE', embeddingStatuses),
    is_noise: input.is_noise ?? false,
  };
}

export function ocrElementAttributes(element: OcrElement): Item {
  return {
    text: element.text,
    bounding_box: element.bounding_box,
    top_left: element.top_left,
    top_right: element.top_right,
    bottom_left: element.bottom_left,
    bottom_right: element.bottom_right,
    angle_degrees: element.angle_degrees,
    angle_radians: element.angle_radians,
    confidence: element.confidence,
    embedding_status: element.embedding_status,
    is_noise: element.is_noise,
  };
}

export function readOcrElement(reader: ItemReader): OcrElementInput {
  const point = (name: string): Point => reader.numberMap(name, ['x', 'y']);
  return {
    text: reader.string('text'),
    bounding_box: reader.numberMap('bounding_box', ['x', 'y', 'width', 'height']),
    top_left: point('top_left'),
    top_right: point('top_right'),
    bottom_left: point('bottom_left'),
    bottom_right: point('bottom_right'),
    angle_degrees: reader.number('angle_degrees'),
    angle_radians: reader.number('angle_radians'),
    confidence: reader.number('confidence'),
    embedding_status: checkOneOf(reader.entity, 'embedding_status', reader.string('embedding_status'), embeddingStatuses),
    is_noise: reader.boolean('is_noise'),
  };
}

/** `validation_status` of labels and sections (spec §1.3); a NULL label status reads as `NONE`. */
export const validationStatuses = ['NONE', 'PENDING', 'VALID', 'INVALID', 'NEEDS_REVIEW'] as const;
export type ValidationStatus = (typeof validationStatuses)[number];

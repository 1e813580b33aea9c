import { z } from 'zod';
import { id } from '../../common/validation';
import { DocumentType } from './identity.entity';

export const identityVerificationSchema = z.object({
  subscriberId: id,
  documentType: z.enum(DocumentType),
  grantedTo: z
    .string()
    .trim()
    .max(64, 'must be at most 64 characters')
    .nullish()
    .transform((v) => (v ? v : null)),
});

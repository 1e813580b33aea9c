import type { SubscriberEntity } from '../subscriber/subscriber.entity';

/** A finished export: the account it is of, and its document. */
export interface ExportedDocument {
  subscriber: SubscriberEntity;
  generatedAt: Date;
  json: string;
}

import { connectionTypes } from '../../paging/connection';
import { Subscriber } from './subscriber.type';

const types = connectionTypes(Subscriber, 'Subscriber');
export const SubscriberEdge = types.Edge;
export const SubscriberConnection = types.Connection;
export type SubscriberConnection = InstanceType<typeof SubscriberConnection>;

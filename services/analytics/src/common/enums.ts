import { registerEnumType } from 'type-graphql';
import { SOURCE_CHANNELS, STAGES, enumObject } from '@salestrail/contract';

export const SalesStage = enumObject(STAGES);
export type SalesStage = (typeof STAGES)[number];
export const SourceChannel = enumObject(SOURCE_CHANNELS);
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];

registerEnumType(SalesStage, { name: 'SalesStage', description: 'Sales stage; the first six are ordered' });
registerEnumType(SourceChannel, { name: 'SourceChannel' });

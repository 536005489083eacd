/** Reading the nodes of a Linked Art document, whatever a producer puts where (one node or a list, texts or not). */
import { aatIdOf } from '../aat.js';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The nodes of a property given as one node or a list of them. */
export const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : []);

export const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** The AAT id of a reference, if it is an AAT concept. */
export const aatOf = (node: Json | undefined): string | undefined => (node ? aatIdOf(text(node.id)) : undefined);

/** The AAT ids a node is classified as. */
export const classifications = (node: Json): string[] => list(node.classified_as).flatMap((c) => aatOf(c) ?? []);

export const classifiedAs = (node: Json, ...aat: string[]) => classifications(node).some((id) => aat.includes(id));

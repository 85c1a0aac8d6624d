// The Bitrix24 catalogue: every section, in the order the documentation lists them.
import type { CallOptions, InputOf, ResultOf, SectionInfo } from '../../core/catalogue.js';
import type { Bitrix24Answer } from './answer.js';
import { calendarEvents } from './methods/calendar-events.js';

export const bitrix24Sections: SectionInfo[] = [
  { id: 'calendar-events', title: { en: 'Calendar events', ru: 'Работа с событиями календарей' } },
];

export const bitrix24Catalogue = {
  ...calendarEvents,
};

export type Bitrix24Catalogue = typeof bitrix24Catalogue;

type MethodFunction<E> = object extends InputOf<E>
  ? (input?: InputOf<E>, options?: CallOptions) => Promise<Bitrix24Answer<ResultOf<E>>>
  : (input: InputOf<E>, options?: CallOptions) => Promise<Bitrix24Answer<ResultOf<E>>>;

/** One typed function per catalogue entry; each resolves to the portal's whole answer. */
export type Bitrix24Methods = { [K in keyof Bitrix24Catalogue]: MethodFunction<Bitrix24Catalogue[K]> };

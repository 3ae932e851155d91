/**
 * Placing a help desk's listed messages on the items its page shows, by whatever the page offers
 * (RELAYS-AND-HOSTS.md B.1, issue 9). Desk-independent: the Zendesk adapter feeds it comment ids,
 * audit ids, times and note flags; a Zammad adapter would feed its article ids the same way.
 *
 * Strategies, in order, each on what the previous ones left:
 * 1. the item carries the listed id ('comment-id');
 * 2. the item carries the listed audit id ('audit-id');
 * 3. time: the item's time and the listed time fall in the same second; when several listed
 *    messages share a second, the page's order within that second tells them apart, but only when
 *    the page shows as many items in that second as were listed ('time');
 * 4. order: what is left pairs in order only when the page shows exactly as many items as are left
 *    (or as many non-note items as public messages), and no pair contradicts itself: both times known
 *    but different (other than by one time-zone shift shared by all), or a note paired with a
 *    public message ('order').
 * Never a badge on an item the page marks as an internal note.
 *
 * Linear in listed + items: maps and buckets, no nested scans.
 */
import type { Placement, Unplaced } from '../types';

/** One message as the desk's API lists it, in the API's (chronological) order. */
export interface Listed {
  id?: string;
  auditId?: string;
  /** Creation time, ms since the epoch. */
  at?: number;
  /** Visible to the customer (false: an internal note). */
  public: boolean;
  /** The caller wants this one placed (it has a raw source). */
  wanted: boolean;
}

/** One item of the page's conversation log, in document order. */
export interface Item {
  id?: string;
  auditId?: string;
  at?: number;
  /** The page marks it as an internal note. */
  note: boolean;
}

export type PlaceResult = { item: number; by: Placement } | { unplaced: Unplaced };

export interface PlaceOptions {
  /** The items belong to the ticket shown for sure (false: several tickets open, unidentified). */
  scoped: boolean;
}

const second = (ms: number) => Math.floor(ms / 1000);

/** Page order relative to the API's: newest first when the first timed item is later than the last. */
function pageIsNewestFirst(items: readonly Item[]): boolean {
  const timed = items.filter((i) => i.at !== undefined);
  return timed.length >= 2 && timed[0]!.at! > timed[timed.length - 1]!.at!;
}

export function place(listed: readonly Listed[], items: readonly Item[], opts: PlaceOptions): PlaceResult[] {
  const out: (PlaceResult | undefined)[] = new Array(listed.length).fill(undefined);
  const taken = new Uint8Array(items.length);
  const pageHasIds = items.some((i) => i.id !== undefined || i.auditId !== undefined);
  const pageMarksNotes = items.some((i) => i.note);

  const pair = (l: number, i: number, by: Placement) => {
    taken[i] = 1;
    // The element is a note: whatever the list says, no badge goes there.
    out[l] = items[i]!.note && listed[l]!.wanted ? { unplaced: 'note' } : { item: i, by };
  };

  // 1, 2: ids. The first item with an id wins; ids repeat only on nested elements of one item.
  for (const [field, by] of [
    ['id', 'comment-id'],
    ['auditId', 'audit-id'],
  ] as const) {
    const byValue = new Map<string, number>();
    items.forEach((it, i) => {
      const v = it[field];
      if (v !== undefined && !taken[i] && !byValue.has(v)) byValue.set(v, i);
    });
    listed.forEach((l, li) => {
      const v = l[field];
      const i = v === undefined ? undefined : byValue.get(v);
      if (out[li] === undefined && i !== undefined && !taken[i]) pair(li, i, by);
    });
  }

  const newestFirst = pageIsNewestFirst(items);
  const inPageOrder = <T>(xs: T[]) => (newestFirst ? xs.reverse() : xs);

  // 3: time, bucketed by second.
  const listedAt = new Map<number, number[]>();
  listed.forEach((l, li) => {
    if (out[li] === undefined && l.at !== undefined) {
      const s = second(l.at);
      const b = listedAt.get(s);
      if (b) b.push(li);
      else listedAt.set(s, [li]);
    }
  });
  const itemsAt = new Map<number, number[]>();
  items.forEach((it, i) => {
    if (!taken[i] && it.at !== undefined) {
      const s = second(it.at);
      const b = itemsAt.get(s);
      if (b) b.push(i);
      else itemsAt.set(s, [i]);
    }
  });
  for (const [s, ls] of listedAt) {
    const is = itemsAt.get(s);
    if (!is) continue;
    if (is.length === ls.length) {
      const ordered = inPageOrder(is);
      // Where the page marks notes, a note pairs with a note and a public item with a public
      // message, each in order: the page may sort a second's items differently from the API.
      const pub = ls.filter((li) => listed[li]!.public);
      const open = ordered.filter((i) => !items[i]!.note);
      if (pageMarksNotes && pub.length === open.length) {
        pub.forEach((li, k) => pair(li, open[k]!, 'time'));
        const notes = ordered.filter((i) => items[i]!.note);
        ls.filter((li) => !listed[li]!.public).forEach((li, k) => pair(li, notes[k]!, 'time'));
      } else {
        ls.forEach((li, k) => pair(li, ordered[k]!, 'time'));
      }
    } else {
      for (const li of ls) out[li] = { unplaced: 'ambiguous' };
    }
  }

  // 4: order, only when the counts agree and nothing contradicts it.
  if (opts.scoped) {
    const restL = listed.map((_, li) => li).filter((li) => out[li] === undefined);
    const restI = inPageOrder(items.map((_, i) => i).filter((i) => !taken[i]));
    // Times known on both sides must agree — up to one shift shared by every pair that is a whole
    // time-zone offset (a page that writes local time and marks it UTC, seen by idx 66442529066).
    const consistent = (ls: number[], is: number[]) => {
      let shift: number | undefined;
      return ls.every((li, k) => {
        const l = listed[li]!;
        const it = items[is[k]!]!;
        if (l.at !== undefined && it.at !== undefined) {
          const d = second(it.at) - second(l.at);
          if ((shift ??= d) !== d || d % 900 !== 0 || Math.abs(d) > 14 * 3600) return false;
        }
        return !pageMarksNotes || it.note === !l.public;
      });
    };
    let ls = restL;
    let is = restI;
    if (ls.length !== is.length && pageMarksNotes) {
      // The page may leave some notes or events out: public messages against non-note items.
      ls = restL.filter((li) => listed[li]!.public);
      is = restI.filter((i) => !items[i]!.note);
    }
    if (ls.length > 0 && ls.length === is.length && consistent(ls, is)) ls.forEach((li, k) => pair(li, is[k]!, 'order'));
  }

  return out.map((r, li) => {
    if (r) return r;
    if (items.length === 0) return { unplaced: 'no-items' };
    if (!opts.scoped) return { unplaced: 'several-tickets' };
    // Every item says who it is (an id or a time) and none is this one: the page does not show it (yet).
    const l = listed[li]!;
    const known = (i: Item) => i.id !== undefined || i.auditId !== undefined || i.at !== undefined;
    if (items.every(known) && (l.at !== undefined || (pageHasIds && (l.id !== undefined || l.auditId !== undefined)))) {
      return { unplaced: 'not-shown' };
    }
    return { unplaced: 'counts-differ' };
  });
}

import { describe, expect, it } from 'vitest';
import { parseDateText, splitReceivedDate } from '../../../src/core/classify/received-date';

describe('Received dates', () => {
  it.each([
    // RFC 5322 §3.3 with a trailing zone comment (Gmail, Postfix)
    ['Sat, 22 Aug 2020 23:10:01 -0700 (PDT)', '2020-08-23T06:10:01.000Z'],
    // double space before a one-digit day (Postfix), named zone only in a comment
    ['Sat,  7 Dec 2019 10:53:58 +0000 (UTC)', '2019-12-07T10:53:58.000Z'],
    // named zone, two-digit year (RFC 5322 §4.3: 50-99 → 19xx)
    ['Thu, 3 Oct 91 16:03:08 EDT', '1991-10-03T20:03:08.000Z'],
    // two-digit year below 50 → 20xx
    ['Tue, 8 Mar 17 01:21:00 -0000', '2017-03-08T01:21:00.000Z'],
    // "-0000" is UTC with an unknown local zone (qmail)
    ['22 Aug 2016 09:22:13 -0000', '2016-08-22T09:22:13.000Z'],
    // fractional seconds (SendGrid's ismtpd)
    ['Wed, 14 Apr 2021 03:43:07.640 +0000 (UTC)', '2021-04-14T03:43:07.640Z'],
    // Go time.Time String() (SendGrid filter hops), with the monotonic clock suffix
    ['2021-04-14 03:43:07.770456117 +0000 UTC m=+1235980.521105305', '2021-04-14T03:43:07.770Z'],
    ['2017-03-19 04:15:29.854030954 +0000 UTC', '2017-03-19T04:15:29.854Z'],
    // trailing comment after the zone (Exim's envelope-from leaking after the date)
    ['Wed, 14 Aug 2019 16:04:46 +0200 (envelope-from <a@b.example>)', '2019-08-14T14:04:46.000Z'],
    // GMT and a zone in parentheses only
    ['Wed, 14 Oct 2020 09:52:03 GMT', '2020-10-14T09:52:03.000Z'],
    ['Mon, 25 May 2026 09:59:30 +0800 (GMT-8)', '2026-05-25T01:59:30.000Z'],
    // asctime form
    ['Mon Jan  6 10:00:00 2025', undefined],
    ['Mon Jan  6 10:00:00 UTC 2025', '2025-01-06T10:00:00.000Z'],
    // sign-less offset seen in the corpus ("+0100" written as "0100" is ambiguous → read as east)
    ['Wed, 23 Dec 2020 10:00:00 0000', '2020-12-23T10:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseDateText(text)).toBe(iso);
  });

  it('gives no date rather than a wrong one', () => {
    expect(parseDateText('Tue, 1 Oct 2024 10:00:00')).toBeUndefined(); // no zone at all
    expect(parseDateText('Tue, 1 Oct 2024 10:00:00 XYZT')).toBeUndefined(); // unknown zone name
    expect(parseDateText('Tue, 31 Feb 2024 10:00:00 +0000')).toBeUndefined(); // impossible day
    expect(parseDateText('Tue, 1 Oct 2024 25:00:00 +0000')).toBeUndefined();
    expect(parseDateText('')).toBeUndefined();
    expect(parseDateText('(qmail 32129 invoked from network)')).toBeUndefined();
  });

  it('finds the date without a ";" and cuts the clauses before it (SendGrid)', () => {
    const raw = 'by filter1819p1las1.sendgrid.net with SMTP id filter1819p1las1-13729-607664CB-23 2021-04-14 03:43:07.770456117 +0000 UTC m=+1235980.521105305';
    const s = splitReceivedDate(raw);
    expect(s.date).toBe('2021-04-14T03:43:07.770Z');
    expect(s.clauses.trim()).toBe('by filter1819p1las1.sendgrid.net with SMTP id filter1819p1las1-13729-607664CB-23');
    const raw2 = 'by mx0017p1las1.sendgrid.net with SMTP id 686z2W9CSv Wed, 28 Nov 2018 14:01:40 +0000 (UTC)';
    expect(splitReceivedDate(raw2)).toEqual({ clauses: 'by mx0017p1las1.sendgrid.net with SMTP id 686z2W9CSv', date: '2018-11-28T14:01:40.000Z' });
  });

  it('uses the text after the last ";" when it parses', () => {
    expect(splitReceivedDate('from a by b with ESMTP id 1; Tue, 1 Oct 2024 10:00:00 +0000')).toEqual({
      clauses: 'from a by b with ESMTP id 1',
      date: '2024-10-01T10:00:00.000Z',
    });
  });
});

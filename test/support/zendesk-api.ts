/**
 * The shape of Zendesk's ticket comments API (developer.zendesk.com ticket_comments, via-object
 * reference; RELAYS-AND-HOSTS.md B.1), for fakes in jsdom and routes in e2e.
 */
export interface FakeComment {
  id: number;
  audit_id: number;
  /** 'email' for a comment that came in by mail; 'web', 'api', ... otherwise. */
  channel: string;
  from?: { address: string; name?: string };
  created_at?: string;
  body?: string;
  public?: boolean;
}

export function apiComment(c: FakeComment) {
  return {
    id: c.id,
    type: 'Comment',
    author_id: 1000 + c.id,
    body: c.body ?? '',
    public: c.public ?? true,
    audit_id: c.audit_id,
    created_at: c.created_at ?? '2026-11-20T09:12:00Z',
    via: {
      channel: c.channel,
      source:
        c.channel === 'email'
          ? { from: { address: c.from?.address ?? 'someone@example.com', name: c.from?.name ?? '' }, to: { address: 'support@acme.zendesk.com', name: 'Acme' }, rel: null }
          : { from: {}, to: {}, rel: null },
    },
    // Email comments name their stored original (idx 39931377090, a Zendesk API test fixture).
    metadata: { system: { client: 'Mozilla/5.0', ip_address: '192.0.2.1', ...(c.channel === 'email' && { raw_email_identifier: `4242/${c.audit_id}.eml` }) } },
  };
}

/** Page `page` (1-based) of a ticket's comments, offset-paginated with absolute next_page URLs. */
export function commentsPage(origin: string, ticketId: string | number, comments: FakeComment[], page = 1, perPage = 100) {
  const slice = comments.slice((page - 1) * perPage, page * perPage);
  const more = page * perPage < comments.length;
  const base = `${origin}/api/v2/tickets/${ticketId}/comments.json`;
  return {
    comments: slice.map(apiComment),
    next_page: more ? `${base}?page=${page + 1}&per_page=${perPage}` : null,
    previous_page: page > 1 ? `${base}?page=${page - 1}&per_page=${perPage}` : null,
    count: comments.length,
  };
}

/** Parses /api/v2/tickets/{id}/comments.json?page=N and /audits/{audit}/email.eml?ticket_id={id}. */
export function zendeskPath(url: URL):
  | { kind: 'comments'; ticketId: string; page: number; perPage: number }
  | { kind: 'eml'; auditId: number; ticketId: string }
  | null {
  let m = /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/.exec(url.pathname);
  if (m) return { kind: 'comments', ticketId: m[1]!, page: Number(url.searchParams.get('page') ?? 1), perPage: Number(url.searchParams.get('per_page') ?? 100) };
  m = /^\/audits\/(\d+)\/email\.eml$/.exec(url.pathname);
  if (m) return { kind: 'eml', auditId: Number(m[1]), ticketId: url.searchParams.get('ticket_id') ?? '' };
  return null;
}

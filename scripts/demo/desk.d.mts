import type { BrowserContext } from 'playwright-core';

export const DESK_ORIGIN: string;
export interface DeskComment {
  id: number;
  audit_id: number;
  channel: string;
  public?: boolean;
  from?: { name: string; address: string };
  created_at: string;
  body?: string;
  raw?: Buffer | string;
}
export interface DeskTicket {
  id: number;
  subject: string;
  comments: DeskComment[];
}
export function headline(raw: Buffer | string): { subject: string; from: { name: string; address: string }; date: string };
export function ticketFromMessages(t: { id: number; subject?: string; messages: (Buffer | string)[]; firstId?: number; note?: string }): DeskTicket;
export function sampleTickets(samplesDir: string): DeskTicket[];
export type DeskShape = 'workspace' | 'workspace-audit-ids' | 'classic' | 'unplaceable';
export const SHAPES: DeskShape[];
export interface DeskOptions {
  tickets: DeskTicket[];
  origin?: string;
  perPage?: number;
  shape?: DeskShape;
}
export function deskResponse(url: URL, opts: DeskOptions): { status: number; contentType: string; body: string | Buffer };
export function routeDesk(context: BrowserContext, opts: DeskOptions): Promise<void>;

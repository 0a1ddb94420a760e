import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small Telegram Bot API on 127.0.0.1 for end-to-end tests and benchmarks. Real long polling of
 * getUpdates (offset confirms, timeout holds the request), every call recorded, injectable errors,
 * and the checks a real chat enforces that a mock would miss: the 4096-character limit after
 * entity parsing, Telegram's HTML subset, 64-byte callback_data and "message is not modified".
 */

export type ChatMemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export interface RecordedCall {
  method: string;
  payload: any;
  at: number;
  /** Set once answered: true for ok:true, false for an error (injected or a rule broken). */
  ok?: boolean;
  /** The error_code of a failed call (429 flood, 400 bad request…). */
  errorCode?: number;
}

export interface InjectedError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface FakeBotApi {
  /** e.g. 'http://127.0.0.1:41234' */
  apiRoot: string;
  token: string;
  botUsername: string;
  calls: RecordedCall[];
  /** Queued for getUpdates; update_id assigned when missing. Returns the update_id. */
  pushUpdate(update: object): number;
  /** The next `times` calls of `method` fail with this error (HTTP status = error_code). */
  injectError(method: string, error: InjectedError, times?: number): void;
  /** `rights` are extra ChatMemberAdministrator fields, e.g. { can_post_messages: true } for a channel admin. */
  setChatMemberStatus(chatId: number, userId: number, status: ChatMemberStatus, rights?: Record<string, boolean>): void;
  /** A chat getChat knows by id and, with a username, by "@username" (channels). */
  addChat(chat: { id: number; type: 'channel' | 'supergroup' | 'group' | 'private'; title?: string; username?: string }): void;
  /**
   * The first successful call (past or future) of `method` matching `predicate`; with `after`
   * (an index into `calls`, e.g. `calls.length` before an action) only calls recorded from there on.
   */
  waitFor(method: string, predicate?: (payload: any) => boolean, timeoutMs?: number, after?: number): Promise<{ method: string; payload: any }>;
  /** Current text (after edits) of every message the bot sent, in send order. */
  sentTexts(chatId?: number): string[];
  /** Messages the bot sent, with their current text and reply markup. */
  sentMessages(chatId?: number): StoredMessage[];
  /**
   * A file users can send: getFile knows it and <apiRoot>/file/bot<token>/<file_path> serves `bytes`. Returns the
   * `document` object of a message. `size` overrides file_size (a 21 MB file without 21 MB of bytes); downloads
   * are recorded in `calls` as method 'downloadFile'.
   */
  addFile(file: { bytes: Uint8Array; fileName?: string; mimeType?: string; size?: number }): TestDocument;
  /**
   * The user picks result `resultId` of the bot's last answerInlineQuery for `queryId`: the message is "sent" (an
   * inline message, with an inline_message_id when it has a keyboard, as on Telegram) and the
   * chosen_inline_result update is queued. Returns the inline_message_id, if any.
   */
  chooseInlineResult(options: { queryId: string; resultId: string; from?: TestUser; query?: string }): string | undefined;
  /** Inline messages sent through the bot, by inline_message_id, with their current text (after edits). */
  inlineMessages(): Map<string, StoredMessage>;
  /**
   * Stop answering: requests that arrive from now on wait, unrecorded, until resume(). Lets a test kill
   * a bot process at a point where everything Telegram accepted has been answered.
   */
  hold(): void;
  /** Process the held requests (those whose client went away are dropped, as Telegram never saw them). */
  resume(): void;
  close(): Promise<void>;
}

export interface StoredMessage {
  chatId: number;
  messageId: number;
  text: string;
  parseMode: string | undefined;
  replyMarkup: unknown;
  /** Error-free sends only; a failed edit leaves the message as it was. */
  edits: number;
}

/** A Telegram Document as it appears in a message. */
export interface TestDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size: number;
}

export interface FakeBotApiOptions {
  token?: string;
  botUsername?: string;
  /**
   * Telegram's flood control: a sendMessage/editMessageText beyond `globalPerSecond` in the last
   * 1000 ms (all chats together) gets 429 with retry_after 1. Off unless set.
   */
  floodLimits?: { globalPerSecond: number };
}

/** Matches TELEGRAM_TOKEN_PATTERN: digits, a colon, 35 URL-safe characters. */
export const FAKE_BOT_TOKEN = '123456789:AAHfakeTokenForKabarTests_012345678';

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: InjectedError['parameters'],
  ) {
    super(description);
  }
}

const bad = (description: string) => new ApiError(400, `Bad Request: ${description}`);

// ---------------------------------------------------------------------------------------------
// Telegram HTML (parse_mode "HTML"): the tags and entities the Bot API accepts.

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Parses Telegram HTML into its plain text, throwing 400 "can't parse entities" like the Bot API. */
export function parseTelegramHtml(html: string): string {
  let text = '';
  const stack: string[] = [];
  let i = 0;
  const fail = (why: string) => {
    throw bad(`can't parse entities: ${why} at byte offset ${Buffer.byteLength(html.slice(0, i))}`);
  };
  while (i < html.length) {
    const char = html[i] as string;
    if (char === '<') {
      const end = html.indexOf('>', i);
      if (end === -1) fail('Unclosed start tag');
      const inner = html.slice(i + 1, end);
      if (inner.startsWith('/')) {
        const name = inner.slice(1).trim().toLowerCase();
        if (!ALLOWED_TAGS.has(name)) fail(`Unsupported end tag "${name}"`);
        if (stack.at(-1) !== name) fail(`Unmatched end tag "${name}"`);
        stack.pop();
      } else {
        const match = /^([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*$/.exec(inner);
        if (!match) fail(`Unsupported start tag "${inner.slice(0, 20)}"`);
        const name = (match?.[1] as string).toLowerCase();
        if (!ALLOWED_TAGS.has(name)) fail(`Unsupported start tag "${name}"`);
        const attributes = match?.[2] ?? '';
        if (name === 'a' && !/\bhref\s*=/.test(attributes)) fail('Tag "a" must have attribute "href"');
        if (name === 'span' && !/class\s*=\s*["']?tg-spoiler/.test(attributes)) fail('Tag "span" must have class "tg-spoiler"');
        // Attribute values may hold entities; a bare & there is rejected too.
        for (const value of attributes.matchAll(/=\s*"([^"]*)"/g)) decodeEntities(value[1] as string, fail);
        stack.push(name);
      }
      i = end + 1;
      continue;
    }
    if (char === '&') {
      const entity = /^&(?:#x[0-9a-f]+|#[0-9]+|[a-z]+);/i.exec(html.slice(i, i + 12))?.[0];
      if (!entity) fail('Unsupported HTML entity or bare "&"');
      text += decodeEntities(entity as string, fail);
      i += (entity as string).length;
      continue;
    }
    text += char;
    i++;
  }
  if (stack.length > 0) fail(`Can't find end tag corresponding to start tag "${stack.at(-1)}"`);
  return text;
}

function decodeEntities(value: string, fail: (why: string) => void): string {
  return value.replace(/&[^;]*;?|&/g, (entity) => {
    const named = /^&([a-z]+);$/.exec(entity);
    if (named && NAMED_ENTITIES[named[1] as string] !== undefined) return NAMED_ENTITIES[named[1] as string] as string;
    const numeric = /^&#(x[0-9a-f]+|[0-9]+);$/i.exec(entity);
    if (numeric) {
      const body = numeric[1] as string;
      const code = body[0] === 'x' || body[0] === 'X' ? Number.parseInt(body.slice(1), 16) : Number.parseInt(body, 10);
      if (code <= 0x10ffff) return String.fromCodePoint(code);
    }
    fail(`Unsupported HTML entity "${entity.slice(0, 10)}"`);
    return '';
  });
}

// ---------------------------------------------------------------------------------------------

async function readBody(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const payload: Record<string, any> = {};
  for (const [key, value] of url.searchParams) payload[key] = coerceFormValue(value);
  if (raw === '') return payload;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/json')) return { ...payload, ...(JSON.parse(raw) as object) };
  if (type.includes('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(raw)) payload[key] = coerceFormValue(value);
    return payload;
  }
  throw bad(`unsupported content type ${type || '(none)'}`);
}

/** Form bodies carry objects (reply_markup…) as JSON strings and numbers as text. */
function coerceFormValue(value: string): unknown {
  if (/^-?\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  // telegraf keeps connections alive: without Content-Length its requests never finish.
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

interface PendingPoll {
  offset: number;
  limit: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

/** Starts the fake on an ephemeral 127.0.0.1 port. */
export async function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const token = options.token ?? FAKE_BOT_TOKEN;
  const botUsername = options.botUsername ?? 'KabarTestBot';
  const botId = Number(token.split(':')[0]);
  const calls: RecordedCall[] = [];
  const updates: Array<{ update_id: number } & Record<string, unknown>> = [];
  let nextUpdateId = 1;
  let nextMessageId = 1000;
  const messages = new Map<string, StoredMessage>();
  const injected = new Map<string, Array<InjectedError>>();
  const members = new Map<string, ChatMemberStatus>();
  const memberRights = new Map<string, Record<string, boolean>>();
  const knownChats = new Map<string, { id: number; type: string; title?: string; username?: string }>();
  const polls = new Set<PendingPoll>();
  const files = new Map<string, { document: TestDocument; path: string; bytes: Uint8Array }>();
  const inlineAnswers = new Map<string, any[]>();
  const inlineMessages = new Map<string, StoredMessage>();
  let nextFileId = 1;
  const watchers = new Set<{ method: string; predicate: (payload: any) => boolean; resolve: (call: RecordedCall) => void }>();
  let closed = false;

  const botUser = { id: botId, is_bot: true, first_name: 'Kabar', username: botUsername };
  const chatOf = (chatId: number) =>
    chatId > 0 ? { id: chatId, type: 'private', first_name: 'User' } : { id: chatId, type: 'supergroup', title: 'Test group' };

  function takeUpdates(offset: number, limit: number) {
    // An offset confirms everything before it, as on the real server.
    while (updates.length > 0 && (updates[0] as { update_id: number }).update_id < offset) updates.shift();
    return updates.slice(0, limit);
  }

  function flushPolls() {
    for (const poll of [...polls]) {
      const ready = takeUpdates(poll.offset, poll.limit);
      if (ready.length === 0) continue;
      polls.delete(poll);
      clearTimeout(poll.timer);
      send(poll.res, 200, { ok: true, result: ready });
    }
  }

  function checkMarkup(markup: any) {
    for (const row of markup?.inline_keyboard ?? []) {
      for (const button of row) {
        if (typeof button.text !== 'string' || button.text === '') throw bad('text buttons are unallowed in the inline keyboard');
        if (button.callback_data !== undefined) {
          const bytes = Buffer.byteLength(String(button.callback_data));
          if (bytes < 1 || bytes > 64) throw bad('BUTTON_DATA_INVALID');
        }
      }
    }
  }

  function checkText(text: unknown, parseMode: unknown): string {
    if (typeof text !== 'string' || text === '') throw bad('message text is empty');
    const plain = parseMode === 'HTML' ? parseTelegramHtml(text) : text;
    if (plain.trim() === '') throw bad('message text is empty');
    if (plain.length > 4096) throw bad('message is too long');
    return plain;
  }

  function messageResult(stored: StoredMessage) {
    return {
      message_id: stored.messageId,
      from: botUser,
      chat: chatOf(stored.chatId),
      date: Math.floor(Date.now() / 1000),
      text: stored.parseMode === 'HTML' ? parseTelegramHtml(stored.text) : stored.text,
      ...(stored.replyMarkup ? { reply_markup: stored.replyMarkup } : {}),
    };
  }

  async function handle(method: string, payload: Record<string, any>, res: ServerResponse): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { ...botUser, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'getUpdates': {
        const offset = Number(payload.offset ?? 0);
        const limit = Math.min(Math.max(Number(payload.limit ?? 100), 1), 100);
        const timeout = Number(payload.timeout ?? 0);
        const ready = takeUpdates(offset, limit);
        if (ready.length > 0 || timeout <= 0 || closed) return ready;
        const poll: PendingPoll = {
          offset,
          limit,
          res,
          timer: setTimeout(() => {
            polls.delete(poll);
            send(res, 200, { ok: true, result: [] });
          }, timeout * 1000),
        };
        polls.add(poll);
        // The bot aborted its long poll (bot.stop()): forget it.
        res.on('close', () => {
          polls.delete(poll);
          clearTimeout(poll.timer);
        });
        return HELD;
      }
      case 'sendMessage': {
        const chatId = Number(payload.chat_id);
        if (!Number.isFinite(chatId)) throw bad('chat not found');
        checkText(payload.text, payload.parse_mode);
        checkMarkup(payload.reply_markup);
        const stored: StoredMessage = {
          chatId,
          messageId: nextMessageId++,
          text: payload.text,
          parseMode: payload.parse_mode,
          replyMarkup: payload.reply_markup,
          edits: 0,
        };
        messages.set(`${chatId}:${stored.messageId}`, stored);
        return messageResult(stored);
      }
      case 'getFile': {
        const file = files.get(String(payload.file_id));
        if (!file) throw bad('invalid file_id');
        // The public Bot API refuses files over 20 MB with exactly this answer.
        if (file.document.file_size > 20 * 1024 * 1024) throw bad('file is too big');
        return { file_id: file.document.file_id, file_unique_id: file.document.file_unique_id, file_size: file.document.file_size, file_path: file.path };
      }
      case 'answerInlineQuery': {
        const results = Array.isArray(payload.results) ? payload.results : [];
        if (results.length > 50) throw bad('RESULTS_TOO_MUCH');
        const ids = new Set<string>();
        for (const result of results) {
          const id = String(result.id ?? '');
          if (id === '' || Buffer.byteLength(id) > 64 || ids.has(id)) throw bad('RESULT_ID_INVALID');
          ids.add(id);
          if (typeof result.title !== 'string' || result.title === '') throw bad('RESULT_TITLE_EMPTY');
          const content = result.input_message_content;
          checkText(content?.message_text, content?.parse_mode);
          checkMarkup(result.reply_markup);
        }
        inlineAnswers.set(String(payload.inline_query_id), results);
        return true;
      }
      case 'editMessageText': {
        if (payload.inline_message_id !== undefined) {
          const stored = inlineMessages.get(String(payload.inline_message_id));
          if (!stored) throw bad('MESSAGE_ID_INVALID');
          checkText(payload.text, payload.parse_mode);
          checkMarkup(payload.reply_markup);
          if (stored.text === payload.text && JSON.stringify(stored.replyMarkup ?? null) === JSON.stringify(payload.reply_markup ?? null)) throw bad('message is not modified');
          Object.assign(stored, { text: payload.text, parseMode: payload.parse_mode, replyMarkup: payload.reply_markup, edits: stored.edits + 1 });
          return true;
        }
        const chatId = Number(payload.chat_id);
        const stored = messages.get(`${chatId}:${Number(payload.message_id)}`);
        if (!stored) throw bad('message to edit not found');
        const plain = checkText(payload.text, payload.parse_mode);
        checkMarkup(payload.reply_markup);
        const oldPlain = stored.parseMode === 'HTML' ? parseTelegramHtml(stored.text) : stored.text;
        if (plain === oldPlain && stored.text === payload.text && JSON.stringify(stored.replyMarkup ?? null) === JSON.stringify(payload.reply_markup ?? null)) {
          throw bad('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
        }
        stored.text = payload.text;
        stored.parseMode = payload.parse_mode;
        stored.replyMarkup = payload.reply_markup;
        stored.edits++;
        return messageResult(stored);
      }
      case 'deleteMessage': {
        const key = `${Number(payload.chat_id)}:${Number(payload.message_id)}`;
        if (!messages.delete(key)) throw bad('message to delete not found');
        return true;
      }
      case 'answerCallbackQuery':
        if (typeof payload.callback_query_id !== 'string' && typeof payload.callback_query_id !== 'number') throw bad('query is too old and response timeout expired or query ID is invalid');
        if (typeof payload.text === 'string' && payload.text.length > 200) throw bad('MESSAGE_TOO_LONG');
        return true;
      case 'getChatMember': {
        const key = `${Number(payload.chat_id)}:${Number(payload.user_id)}`;
        const status = members.get(key) ?? 'member';
        return { status, user: { id: Number(payload.user_id), is_bot: false, first_name: 'User' }, ...memberRights.get(key) };
      }
      case 'getChat': {
        const known = knownChats.get(String(payload.chat_id).toLowerCase());
        if (known) return known;
        if (typeof payload.chat_id === 'number') return chatOf(payload.chat_id);
        throw bad('chat not found');
      }
      case 'sendChatAction':
      case 'setMyCommands':
      case 'deleteWebhook':
      case 'setWebhook':
      case 'deleteMyCommands':
        return true;
      case 'getWebhookInfo':
        return { url: '', has_custom_certificate: false, pending_update_count: updates.length };
      default:
        throw new ApiError(404, 'Not Found: method not found');
    }
  }

  const HELD = Symbol('held');
  const MESSAGE_METHODS = new Set(['sendMessage', 'editMessageText']);
  const recentMessages: number[] = [];
  // Counted by arrival time (a held request counts when it arrived, as Telegram would count it).
  function floodCheck(method: string, arrivedAt: number) {
    const limit = options.floodLimits?.globalPerSecond;
    if (limit === undefined || !MESSAGE_METHODS.has(method)) return;
    while (recentMessages.length > 0 && (recentMessages[0] as number) <= Date.now() - 5000) recentMessages.shift();
    const inWindow = recentMessages.filter((at) => at > arrivedAt - 1000 && at <= arrivedAt).length;
    if (inWindow >= limit) throw new ApiError(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
    recentMessages.push(arrivedAt);
  }
  let holding = false;
  const held: Array<() => void> = [];

  function serveFile(fileToken: string, path: string, arrivedAt: number, res: ServerResponse) {
    calls.push({ method: 'downloadFile', payload: { file_path: path }, at: arrivedAt, ok: fileToken === token });
    if (fileToken !== token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const file = [...files.values()].find((entry) => entry.path === path);
    if (!file) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.byteLength });
    res.end(Buffer.from(file.bytes));
  }

  const server = createServer((req, res) => {
    void (async () => {
      const arrivedAt = Date.now();
      if (holding) {
        await new Promise<void>((resolve) => held.push(resolve));
        if (req.socket.destroyed || res.destroyed) return;
      }
      const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(pathname);
      if (download) return serveFile(download[1] as string, decodeURIComponent(download[2] as string), arrivedAt, res);
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(pathname);
      if (!match) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      if (match[1] !== token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const method = match[2] as string;
      let payload: Record<string, any>;
      try {
        payload = await readBody(req);
      } catch (error) {
        const e = error instanceof ApiError ? error : bad('invalid request body');
        return send(res, e.code, { ok: false, error_code: e.code, description: e.description });
      }
      const call: RecordedCall = { method, payload, at: arrivedAt };
      calls.push(call);
      const queue = injected.get(method);
      const injectedError = queue?.shift();
      if (injectedError) {
        call.ok = false;
        call.errorCode = injectedError.error_code;
        return send(res, injectedError.error_code, { ok: false, ...injectedError });
      }
      try {
        floodCheck(method, arrivedAt);
        const result = await handle(method, payload, res);
        call.ok = true;
        if (result === HELD) return;
        send(res, 200, { ok: true, result });
        // Watchers see only calls that succeeded, as the bot's effect on the chat.
        for (const watcher of [...watchers]) {
          if (watcher.method === method && watcher.predicate(payload)) {
            watchers.delete(watcher);
            watcher.resolve(call);
          }
        }
      } catch (error) {
        call.ok = false;
        call.errorCode = error instanceof ApiError ? error.code : 500;
        if (error instanceof ApiError) {
          send(res, error.code, { ok: false, error_code: error.code, description: error.description, ...(error.parameters ? { parameters: error.parameters } : {}) });
        } else {
          send(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
        }
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const api: FakeBotApi = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botUsername,
    calls,
    pushUpdate(update) {
      const withId = { ...(update as Record<string, unknown>) } as { update_id: number } & Record<string, unknown>;
      if (typeof withId.update_id !== 'number') withId.update_id = nextUpdateId;
      nextUpdateId = Math.max(nextUpdateId, withId.update_id + 1);
      updates.push(withId);
      flushPolls();
      return withId.update_id;
    },
    injectError(method, error, times = 1) {
      const queue = injected.get(method) ?? [];
      for (let n = 0; n < times; n++) queue.push(error);
      injected.set(method, queue);
    },
    setChatMemberStatus(chatId, userId, status, rights) {
      members.set(`${chatId}:${userId}`, status);
      if (rights) memberRights.set(`${chatId}:${userId}`, rights);
      else memberRights.delete(`${chatId}:${userId}`);
    },
    addChat(chat) {
      knownChats.set(String(chat.id), chat);
      if (chat.username) knownChats.set(`@${chat.username}`.toLowerCase(), chat);
    },
    waitFor(method, predicate = () => true, timeoutMs = 10_000, after = 0) {
      const done = calls.slice(after).find((call) => call.method === method && call.ok === true && predicate(call.payload));
      if (done) return Promise.resolve({ method: done.method, payload: done.payload });
      return new Promise((resolve, reject) => {
        const watcher = {
          method,
          predicate,
          resolve: (call: RecordedCall) => {
            clearTimeout(timer);
            resolve({ method: call.method, payload: call.payload });
          },
        };
        const timer = setTimeout(() => {
          watchers.delete(watcher);
          const seen = calls.map((call) => call.method).filter((name) => name !== 'getUpdates');
          reject(new Error(`fake Bot API: no matching ${method} within ${timeoutMs} ms (calls: ${seen.join(', ') || 'none'})`));
        }, timeoutMs);
        watchers.add(watcher);
      });
    },
    sentTexts(chatId) {
      return api.sentMessages(chatId).map((message) => message.text);
    },
    sentMessages(chatId) {
      return [...messages.values()].filter((message) => chatId === undefined || message.chatId === chatId).sort((a, b) => a.messageId - b.messageId);
    },
    addFile(file) {
      const n = nextFileId++;
      const document: TestDocument = {
        file_id: `BQACAgIAAxkBAAI${n}fakeFileId${'x'.repeat(40)}`,
        file_unique_id: `AgAD${n}uniq`,
        ...(file.fileName !== undefined ? { file_name: file.fileName } : {}),
        ...(file.mimeType !== undefined ? { mime_type: file.mimeType } : {}),
        file_size: file.size ?? file.bytes.byteLength,
      };
      files.set(document.file_id, { document, path: `documents/file_${n}${/\.[a-z0-9]+$/i.exec(file.fileName ?? '')?.[0] ?? ''}`, bytes: file.bytes });
      return document;
    },
    chooseInlineResult(options) {
      const result = inlineAnswers.get(options.queryId)?.find((entry) => String(entry.id) === options.resultId);
      if (!result) throw new Error(`fake Bot API: no result ${options.resultId} answered for inline query ${options.queryId}`);
      let inlineMessageId: string | undefined;
      if (result.reply_markup) {
        inlineMessageId = `AgAAAFake${inlineMessages.size + 1}Inline`;
        const content = result.input_message_content;
        inlineMessages.set(inlineMessageId, { chatId: 0, messageId: 0, text: content.message_text, parseMode: content.parse_mode, replyMarkup: result.reply_markup, edits: 0 });
      }
      api.pushUpdate({
        chosen_inline_result: {
          result_id: options.resultId,
          from: options.from ?? testUsers.alice,
          query: options.query ?? '',
          ...(inlineMessageId ? { inline_message_id: inlineMessageId } : {}),
        },
      });
      return inlineMessageId;
    },
    inlineMessages: () => inlineMessages,
    hold() {
      holding = true;
    },
    resume() {
      holding = false;
      for (const release of held.splice(0)) release();
    },
    async close() {
      closed = true;
      api.resume();
      for (const poll of polls) {
        clearTimeout(poll.timer);
        send(poll.res, 200, { ok: true, result: [] });
      }
      polls.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  return api;
}

// ---------------------------------------------------------------------------------------------
// Update builders: what Telegram would deliver, with the entities its clients attach.

export interface TestUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
  language_code?: string;
}

export const testUsers = {
  alice: { id: 1001, is_bot: false, first_name: 'Alice', language_code: 'en' },
  budi: { id: 1002, is_bot: false, first_name: 'Budi', language_code: 'id' },
  admin: { id: 1003, is_bot: false, first_name: 'Admin', language_code: 'en' },
  groupAnonymousBot: { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' },
  /** What a channel posting into a group (linked discussion, "send as") appears as. */
  channelBot: { id: 136817688, is_bot: true, first_name: 'Channel', username: 'Channel_Bot' },
} satisfies Record<string, TestUser>;

let nextTestMessageId = 1;

/** Entities Telegram's clients add: bot_command at offset 0, url for links, mention for @names. */
export function autoEntities(text: string): Array<{ type: string; offset: number; length: number }> {
  const entities: Array<{ type: string; offset: number; length: number }> = [];
  const command = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const match of text.matchAll(/https?:\/\/[^\s]+/g)) entities.push({ type: 'url', offset: match.index, length: match[0].length });
  for (const match of text.matchAll(/(?<![\w/])@[A-Za-z0-9_]{5,}/g)) entities.push({ type: 'mention', offset: match.index, length: match[0].length });
  return entities.sort((a, b) => a.offset - b.offset);
}

export interface MessageOptions {
  chatId: number;
  text?: string;
  caption?: string;
  from?: TestUser;
  /** Defaults to private for positive ids, supergroup for negative ones. */
  chatType?: 'private' | 'group' | 'supergroup';
  entities?: Array<{ type: string; offset: number; length: number; url?: string }>;
  replyTo?: object;
  senderChat?: { id: number; type: string; title?: string };
  extra?: Record<string, unknown>;
}

/** A `message` object as Telegram sends it. */
export function testMessage(options: MessageOptions): Record<string, any> {
  const type = options.chatType ?? (options.chatId > 0 ? 'private' : 'supergroup');
  const chat = type === 'private' ? { id: options.chatId, type, first_name: options.from?.first_name ?? 'Alice' } : { id: options.chatId, type, title: 'Test group' };
  const message: Record<string, any> = {
    message_id: nextTestMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat,
    from: options.from ?? testUsers.alice,
    ...options.extra,
  };
  if (options.text !== undefined) {
    message.text = options.text;
    const entities = options.entities ?? autoEntities(options.text);
    if (entities.length > 0) message.entities = entities;
  }
  if (options.caption !== undefined) {
    message.caption = options.caption;
    const entities = options.entities ?? autoEntities(options.caption);
    if (entities.length > 0) message.caption_entities = entities;
  }
  if (options.replyTo) message.reply_to_message = options.replyTo;
  if (options.senderChat) message.sender_chat = options.senderChat;
  return message;
}

/** An update carrying a message. */
export function messageUpdate(options: MessageOptions): { message: Record<string, any> } {
  return { message: testMessage(options) };
}

/** A button press on a message the bot sent. */
export function callbackUpdate(options: { from?: TestUser; message: { messageId: number; chatId: number; text?: string }; data: string }) {
  const chatId = options.message.chatId;
  return {
    callback_query: {
      id: String(Math.floor(Math.random() * 1e12)),
      from: options.from ?? testUsers.alice,
      chat_instance: '42',
      data: options.data,
      message: {
        message_id: options.message.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: chatId > 0 ? { id: chatId, type: 'private', first_name: 'Alice' } : { id: chatId, type: 'supergroup', title: 'Test group' },
        from: { id: 123456789, is_bot: true, first_name: 'Kabar', username: 'KabarTestBot' },
        text: options.message.text ?? 'digest',
      },
    },
  };
}

/** An inline query ("@bot <query>" typed in any chat). */
export function inlineQueryUpdate(options: { query: string; from?: TestUser; id?: string }) {
  return {
    inline_query: {
      id: options.id ?? String(Math.floor(Math.random() * 1e12)),
      from: options.from ?? testUsers.alice,
      query: options.query,
      offset: '',
      chat_type: 'sender',
    },
  };
}

/** A button press on an inline message (no chat: only its inline_message_id). */
export function inlineCallbackUpdate(options: { from?: TestUser; inlineMessageId: string; data: string }) {
  return {
    callback_query: {
      id: String(Math.floor(Math.random() * 1e12)),
      from: options.from ?? testUsers.alice,
      chat_instance: '43',
      inline_message_id: options.inlineMessageId,
      data: options.data,
    },
  };
}

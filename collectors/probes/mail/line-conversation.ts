import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { toAbortError } from '../../transport/network-error.ts';

/** How much a server may say: one line, and the whole conversation. */
export interface ConversationLimits {
  maxLineBytes: number;
  maxTotalBytes: number;
}

// RFC 5321 caps a reply line at 512 bytes and IMAP servers send capability lines of about 1 KB;
// four times that is room for any honest server, and nothing a hostile one says is kept past it.
export const CONVERSATION_LIMITS: ConversationLimits = { maxLineBytes: 4096, maxTotalBytes: 65_536 };

/** Why a conversation could not go on: every way a server stops talking, as data. */
export type ConversationEnd =
  | 'closed'
  | 'line too long'
  | 'too much'
  | 'network'
  | 'aborted'
  | 'data before TLS';

export class ConversationError extends Error {
  readonly end: ConversationEnd;
  constructor(end: ConversationEnd, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConversationError';
    this.end = end;
  }
}

export interface OpenOptions {
  host: string;
  port: number;
  signal: AbortSignal;
  /** TLS from the first byte (SMTPS, IMAPS, POP3S): the handshake is part of opening. */
  implicitTls?: TlsOptions;
  limits?: ConversationLimits;
  /** Called once TCP connects (with implicit TLS, the handshake starts then). */
  onConnect?: () => void;
}

export interface TlsOptions {
  /** The name sent as SNI and verified against the certificate; default the host unless an address. */
  servername?: string;
}

export interface OpenedConversation {
  conversation: LineConversation;
  /** The TCP connect alone. */
  connectMs: number;
  /** With implicit TLS: the handshake after the connect. */
  handshakeMs?: number;
}

/**
 * A line-by-line conversation with a server over node:net, upgraded to TLS in place (STARTTLS) or
 * from the start: every read is capped (line length, total bytes) and ends when the signal aborts,
 * the server hangs up or errs, so a caller awaits it without ever hanging or throwing past it.
 */
export class LineConversation {
  readonly host: string;
  readonly #signal: AbortSignal;
  readonly #limits: ConversationLimits;
  readonly #sockets: Socket[] = [];
  #socket: Socket;
  #pending: Buffer = Buffer.alloc(0);
  readonly #lines: string[] = [];
  #receivedBytes = 0;
  #ended: ConversationError | undefined;
  #wake: (() => void) | undefined;
  readonly #failWaiters = new Set<(error: ConversationError) => void>();
  readonly #abort = () =>
    this.#fail(new ConversationError('aborted', 'aborted'), toAbortError(this.#signal.reason));

  private constructor(socket: Socket, host: string, signal: AbortSignal, limits: ConversationLimits) {
    this.host = host;
    this.#signal = signal;
    this.#limits = limits;
    this.#socket = socket;
    this.#track(socket);
    signal.addEventListener('abort', this.#abort, { once: true });
  }

  /** Connects (and with `implicitTls`, shakes hands); `connectMs` is the TCP connect alone. */
  static async open(options: OpenOptions): Promise<OpenedConversation> {
    const startedAt = performance.now();
    const limits = options.limits ?? CONVERSATION_LIMITS;
    const socket =
      options.implicitTls === undefined
        ? connectTcp({ host: options.host, port: options.port })
        : connectTls({
            host: options.host,
            port: options.port,
            rejectUnauthorized: false,
            ...serverName(options.host, options.implicitTls),
          });
    const conversation = new LineConversation(socket, options.host, options.signal, limits);
    let connectMs = 0;
    socket.once('connect', () => {
      connectMs = tenths(performance.now() - startedAt);
      options.onConnect?.();
    });
    if (options.signal.aborted) conversation.#abort();
    try {
      await conversation.#waitFor(socket, options.implicitTls === undefined ? 'connect' : 'secureConnect');
    } catch (error) {
      // Refused, reset or a failed handshake: nothing will call close(), so leave nothing on the signal.
      await conversation.close();
      throw error;
    }
    conversation.#listen(socket);
    if (options.implicitTls === undefined) return { conversation, connectMs };
    return { conversation, connectMs, handshakeMs: tenths(performance.now() - startedAt - connectMs) };
  }

  /** The socket now spoken over: a TLSSocket after `startTls` or with implicit TLS. */
  get socket(): Socket {
    return this.#socket;
  }

  /** Our address on this connection, for EHLO's address literal. */
  get localAddress(): string | undefined {
    return this.#socket.localAddress;
  }

  /** The start of a line the server has not finished, for "got …" in messages. */
  get unfinishedLine(): Buffer {
    return this.#pending;
  }

  write(line: string): void {
    if (this.#ended === undefined) this.#socket.write(`${line}\r\n`);
  }

  /** The next line the server sends, without its CRLF. */
  async readLine(): Promise<string> {
    for (;;) {
      const line = this.#lines.shift();
      if (line !== undefined) return line;
      if (this.#ended !== undefined) throw this.#ended;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** Lines until `frame` returns a reply; `lines` collects them as they come, for messages. */
  async readReply<R>(frame: (lines: readonly string[]) => R | undefined, lines: string[] = []): Promise<R> {
    for (;;) {
      lines.push(await this.readLine());
      const reply = frame(lines);
      if (reply !== undefined) return reply;
    }
  }

  /**
   * Upgrades the connection in place after the server agreed to STARTTLS. Anything the server sent
   * after its agreement would be read as if it came over TLS (the STARTTLS injection of
   * CVE-2011-0411), so it ends the conversation instead.
   */
  async startTls(options: TlsOptions = {}): Promise<TLSSocket> {
    if (this.#ended !== undefined) throw this.#ended;
    if (this.#lines.length > 0 || this.#pending.length > 0) {
      const error = new ConversationError(
        'data before TLS',
        'the server sent data after agreeing to STARTTLS',
      );
      this.#fail(error);
      throw error;
    }
    const plain = this.#socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('end');
    const secure = connectTls({
      socket: plain,
      host: this.host,
      rejectUnauthorized: false,
      ...serverName(this.host, options),
    });
    this.#socket = secure;
    this.#track(secure);
    await this.#waitFor(secure, 'secureConnect');
    this.#listen(secure);
    return secure;
  }

  /**
   * Ends politely: sends `command` (QUIT, LOGOUT) and gives the server up to `waitMs` to answer and
   * hang up, then destroys every socket. Never throws; safe to call twice.
   */
  async close(command?: string, waitMs = 1000): Promise<void> {
    if (command !== undefined && this.#ended === undefined && !this.#signal.aborted) {
      const socket = this.#socket;
      const closed = new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        socket.once('close', done);
        socket.once('end', done);
        this.#signal.addEventListener('abort', done, { once: true });
      });
      this.write(command);
      await closed;
    }
    this.#signal.removeEventListener('abort', this.#abort);
    for (const socket of this.#sockets) socket.destroy();
    if (this.#ended === undefined)
      this.#ended = new ConversationError('closed', 'the conversation was closed');
  }

  // Every socket keeps an error listener for its life: a late reset must never be an uncaught error.
  #track(socket: Socket): void {
    this.#sockets.push(socket);
    socket.on('error', (error) => {
      const end = this.#signal.aborted ? 'aborted' : 'network';
      this.#fail(new ConversationError(end, error.message, { cause: error }));
    });
    socket.once('close', () =>
      this.#fail(new ConversationError('closed', 'the server closed the connection')),
    );
  }

  #listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.once('end', () => this.#fail(new ConversationError('closed', 'the server closed the connection')));
  }

  #waitFor(socket: Socket, event: 'connect' | 'secureConnect'): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#ended !== undefined) {
        reject(this.#ended);
        return;
      }
      const onFail = (error: ConversationError) => {
        socket.off(event, onEvent);
        reject(error);
      };
      const onEvent = () => {
        this.#failWaiters.delete(onFail);
        resolve();
      };
      socket.once(event, onEvent);
      this.#failWaiters.add(onFail);
    });
  }

  #receive(chunk: Buffer): void {
    if (this.#ended !== undefined) return;
    this.#receivedBytes += chunk.length;
    const { maxLineBytes, maxTotalBytes } = this.#limits;
    if (this.#receivedBytes > maxTotalBytes) {
      this.#fail(new ConversationError('too much', `the server sent more than ${maxTotalBytes} bytes`));
      return;
    }
    const buffer = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    let start = 0;
    for (let end = buffer.indexOf(0x0a, start); end !== -1; end = buffer.indexOf(0x0a, start)) {
      const line = buffer.subarray(start, end > start && buffer[end - 1] === 0x0d ? end - 1 : end);
      if (line.length > maxLineBytes) {
        this.#tooLong();
        return;
      }
      this.#lines.push(line.toString('utf8'));
      start = end + 1;
    }
    this.#pending = buffer.subarray(start);
    if (this.#pending.length > maxLineBytes) this.#tooLong();
    else this.#wakeReader();
  }

  #tooLong(): void {
    this.#fail(
      new ConversationError('line too long', `a line longer than ${this.#limits.maxLineBytes} bytes`),
    );
  }

  #fail(error: ConversationError, destroyWith?: Error): void {
    if (this.#ended === undefined) this.#ended = error;
    if (destroyWith !== undefined) for (const socket of this.#sockets) socket.destroy(destroyWith);
    const ended = this.#ended;
    for (const reject of this.#failWaiters) reject(ended);
    this.#failWaiters.clear();
    this.#wakeReader();
  }

  #wakeReader(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

function serverName(host: string, options: TlsOptions): { servername?: string } {
  const name = options.servername ?? (isIP(host) === 0 ? host : undefined);
  return name === undefined ? {} : { servername: name };
}

function tenths(value: number): number {
  return Math.round(value * 10) / 10;
}

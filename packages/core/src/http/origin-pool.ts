import type { Client } from 'undici';

export interface PooledConnection {
  client: Client;
  connected: boolean;
  busy: boolean;
}

/**
 * Keep-alive connections to one origin, one single-socket client each, so the client always
 * knows whether a request goes out on a reused connection (the fresh-connection retry rule).
 */
export class OriginPool {
  private readonly connections: PooledConnection[] = [];
  private readonly waiters: ((connection: PooledConnection) => void)[] = [];

  constructor(
    private readonly createClient: () => Client,
    private readonly max: number,
  ) {}

  acquire(): Promise<PooledConnection> {
    const free = this.connections.filter((connection) => !connection.busy);
    const pick = free.find((connection) => connection.connected) ?? free[0];
    if (pick) {
      pick.busy = true;
      return Promise.resolve(pick);
    }
    if (this.connections.length < this.max) {
      const connection = this.add();
      connection.busy = true;
      return Promise.resolve(connection);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(connection: PooledConnection): void {
    const next = this.waiters.shift();
    if (next) next(connection);
    else connection.busy = false;
  }

  async close(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.client.destroy()));
  }

  private add(): PooledConnection {
    const connection: PooledConnection = {
      client: this.createClient(),
      connected: false,
      busy: false,
    };
    connection.client.on('connect', () => {
      connection.connected = true;
    });
    connection.client.on('disconnect', () => {
      connection.connected = false;
    });
    connection.client.on('connectionError', () => {
      connection.connected = false;
    });
    this.connections.push(connection);
    return connection;
  }
}

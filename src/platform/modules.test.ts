import { describe, expect, it } from 'vitest';
import { checkModuleContracts, serviceToken, ServiceRegistry, startModuleServices, StatsRegistry, type AppDeps, type ModuleManifest } from './modules.ts';

interface GreeterApi {
  greet(name: string): string;
}
const GreeterToken = serviceToken<GreeterApi>('greeter');
const ClockToken = serviceToken<{ now(): number }>('clock');

const greeter: ModuleManifest = { name: 'greeting', provides: [GreeterToken], services: (d) => d.services.provide(GreeterToken, { greet: (n) => `Chào ${n}` }) };
const user: ModuleManifest = { name: 'user', requires: [GreeterToken] };

const depsWith = (modules: ModuleManifest[]) => ({ services: new ServiceRegistry(), stats: new StatsRegistry(modules) }) as unknown as AppDeps;

describe('typed service tokens', () => {
  it('resolves a provided service with its type, and names a missing one', () => {
    const services = new ServiceRegistry();
    services.provide(GreeterToken, { greet: (n) => `Chào ${n}` });
    const g: GreeterApi = services.get(GreeterToken);
    expect(g.greet('An')).toBe('Chào An');
    expect(services.optional(ClockToken)).toBeUndefined();
    expect(() => services.get(ClockToken)).toThrow(/Service 'clock' is not registered/);
  });

  it('refuses a second registration of one token by another module', () => {
    const services = new ServiceRegistry();
    services.current = 'a';
    services.provide(GreeterToken, { greet: () => 'a' });
    services.current = 'b';
    expect(() => services.provide(GreeterToken, { greet: () => 'b' })).toThrow("Service 'greeter' is registered twice (by module 'a' and by 'b')");
  });
});

describe('module contracts at boot', () => {
  it('accepts a requirement met by a module listed earlier', () => {
    expect(() => checkModuleContracts([greeter, user])).not.toThrow();
    const deps = depsWith([greeter, user]);
    startModuleServices([greeter, user], deps);
    expect(deps.services.get(GreeterToken).greet('Bình')).toBe('Chào Bình');
  });

  it('names the missing service when no module provides it', () => {
    expect(() => checkModuleContracts([user])).toThrow("module 'user' requires service 'greeter', which no registered module provides");
  });

  it('names both modules when the provider is registered after the module that needs it', () => {
    expect(() => checkModuleContracts([user, greeter])).toThrow("module 'user' requires service 'greeter' from module 'greeting', which is registered after it: list 'greeting' before 'user'");
  });

  it('fails when a module declares a service its hook does not register', () => {
    const liar: ModuleManifest = { name: 'liar', provides: [ClockToken] };
    expect(() => startModuleServices([liar], depsWith([liar]))).toThrow("module 'liar' declares that it provides service 'clock', but its services hook did not register it");
  });

  it('the real module list meets its contracts', async () => {
    const { modules } = await import('../modules/index.ts');
    expect(() => checkModuleContracts(modules)).not.toThrow();
  });
});

describe('deps.stats', () => {
  it('finds every module stat by qualified name and refuses duplicates', async () => {
    const fig = async () => 1;
    const stats = new StatsRegistry([
      { name: 'a', stats: { 'a.count': fig, bare: fig } },
      { name: 'b', stats: { 'b.count': fig } },
    ]);
    expect(stats.names()).toEqual(['a.bare', 'a.count', 'b.count']);
    expect(stats.get('b.count')).toBe(fig);
    expect(stats.get('c.count')).toBeUndefined();
    expect(() => new StatsRegistry([{ name: 'a', stats: { 'a.x': fig, x: fig } }])).toThrow("Stat 'a.x' is contributed twice");
  });
});

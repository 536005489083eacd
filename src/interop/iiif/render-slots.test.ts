import { describe, expect, it } from 'vitest';
import { renderClient, RenderSlots } from './render-slots.js';

describe('IIIF render slots', () => {
  it('runs a few renders per client at once, queues a few more and refuses the rest at once', async () => {
    const slots = new RenderSlots(2, 1);
    const first = await slots.acquire('203.0.113.7');
    const second = await slots.acquire('203.0.113.7');
    expect([first, second].every((release) => typeof release === 'function')).toBe(true);
    let thirdGranted = false;
    const third = slots.acquire('203.0.113.7').then((release) => {
      thirdGranted = true;
      return release;
    });
    expect(await slots.acquire('203.0.113.7')).toBeNull();
    await Promise.resolve();
    expect(thirdGranted).toBe(false);

    // A finished render hands its slot to the one waiting.
    first!();
    const release = await third;
    expect(thirdGranted).toBe(true);
    expect(slots.running('203.0.113.7')).toBe(2);
    second!();
    release!();
    expect(slots.running('203.0.113.7')).toBe(0);
  });

  it('counts each client apart, and a release twice frees one slot only', async () => {
    const slots = new RenderSlots(1, 0);
    const mine = await slots.acquire('203.0.113.7');
    expect(await slots.acquire('203.0.113.7')).toBeNull();
    const theirs = await slots.acquire('2001:db8::1');
    expect(theirs).not.toBeNull();
    mine!();
    mine!();
    const again = await slots.acquire('203.0.113.7');
    expect(again).not.toBeNull();
    expect(await slots.acquire('203.0.113.7')).toBeNull();
    again!();
    theirs!();
    expect([slots.running('203.0.113.7'), slots.running('2001:db8::1')]).toEqual([0, 0]);
  });

  it('counts an IPv4 address alone and an IPv6 address with its /64 network', () => {
    expect(renderClient('203.0.113.7')).toBe('203.0.113.7');
    expect(renderClient('local')).toBe('local');
    expect(renderClient('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(renderClient('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(renderClient('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(renderClient('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(renderClient('::1')).toBe('0:0:0:0::/64');
    expect(renderClient('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(renderClient('::ffff:192.0.2.1')).toBe('0:0:0:0::/64');
  });
});

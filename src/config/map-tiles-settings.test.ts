import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const data = mkdtempSync(join(tmpdir(), 'egide-tiles-config-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));
const load = (env: Record<string, string>) => loadConfig({ data }, env).mapTiles;
const OSM = '© OpenStreetMap contributors';

describe('map tile settings', () => {
  it('are off unless set: the maps need no tile server', () => {
    expect(load({})).toBeUndefined();
    expect(load({ EGIDE_MAP_TILES: '', EGIDE_MAP_TILES_ATTRIBUTION: '' })).toBeUndefined();
  });

  it('take an http or https XYZ template with its attribution, and the origin the CSP admits', () => {
    expect(load({ EGIDE_MAP_TILES: ' https://tile.openstreetmap.org/{z}/{x}/{y}.png ', EGIDE_MAP_TILES_ATTRIBUTION: OSM })).toEqual({
      template: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: OSM,
      origin: 'https://tile.openstreetmap.org',
    });
    expect(load({ EGIDE_MAP_TILES: 'http://10.0.0.5:8081/tiles?z={z}&x={x}&y={y}&key=public', EGIDE_MAP_TILES_ATTRIBUTION: 'Our own tiles' })).toMatchObject({ origin: 'http://10.0.0.5:8081' });
  });

  it.each([
    ['https://tile.example.org/{z}/{x}.png', 'lacks {y}'],
    ['https://tile.example.org/tiles.png', 'lacks {z}, {x}, {y}'],
    ['https://{s}.tile.example.org/{z}/{x}/{y}.png', 'only {z}, {x} and {y}'],
    ['https://{z}.tile.example.org/{z}/{x}/{y}.png', 'not the host'],
    ['ftp://tile.example.org/{z}/{x}/{y}.png', 'use an http or https address'],
    ['tile.example.org/{z}/{x}/{y}.png', 'not an absolute URL'],
    ['https://me:secret@tile.example.org/{z}/{x}/{y}.png', 'user name or password'],
  ])('refuse the template %s, naming the setting', (template, reason) => {
    const attempt = () => load({ EGIDE_MAP_TILES: template, EGIDE_MAP_TILES_ATTRIBUTION: OSM });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^EGIDE_MAP_TILES\b/);
    expect(attempt).toThrow(reason);
  });

  it('refuse tiles without their attribution, and an attribution without tiles', () => {
    expect(() => load({ EGIDE_MAP_TILES: 'https://tile.example.org/{z}/{x}/{y}.png' })).toThrow('EGIDE_MAP_TILES is set without EGIDE_MAP_TILES_ATTRIBUTION');
    expect(() => load({ EGIDE_MAP_TILES: 'https://tile.example.org/{z}/{x}/{y}.png', EGIDE_MAP_TILES_ATTRIBUTION: '  ' })).toThrow(ConfigError);
    expect(() => load({ EGIDE_MAP_TILES_ATTRIBUTION: OSM })).toThrow('EGIDE_MAP_TILES_ATTRIBUTION is set without EGIDE_MAP_TILES');
  });
});

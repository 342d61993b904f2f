import { hashSync } from 'bcryptjs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Demo catalog: a category tree of what people rent, five demo owners in European cities, and a
 * few dozen listings with images. Idempotent: rows are keyed on slugs, emails and ids derived from
 * stable names, so a second run inserts nothing. The owners' passwords are random and never shown
 * (they exist to own listings, not to sign in).
 */

// prettier-ignore
const TREE: [string, string, string[]][] = [
  ['Tools', 'tools', ['Power tools', 'Hand tools', 'Garden tools', 'Ladders & scaffolding', 'Cleaning machines']],
  ['Outdoor & camping', 'outdoor', ['Tents', 'Sleeping gear', 'Camping kitchen', 'Backpacks']],
  ['Electronics', 'electronics', ['Cameras', 'Drones', 'Projectors & screens', 'Audio', 'Gaming']],
  ['Party & events', 'party', ['Sound & lights', 'Party tents & furniture', 'Decoration', 'Catering equipment']],
  ['Sports', 'sports', ['Bikes', 'Water sports', 'Winter sports', 'Fitness']],
  ['Baby & kids', 'baby', ['Strollers', 'Car seats', 'Travel cots', 'Toys & games']],
  ['Vehicles', 'vehicles', ['Cargo bikes', 'Trailers', 'Roof boxes', 'E-scooters']],
  ['Music', 'music', ['Instruments', 'Amplifiers', 'DJ equipment']],
];

const OWNERS: [string, string, string, string, string][] = [
  ['lena', 'Lena Fischer', 'Berlin', 'DE', 'I fix things and lend the tools for it.'],
  ['tiago', 'Tiago Almeida', 'Lisbon', 'PT', 'Surfer, camper, occasional DJ.'],
  ['claire', 'Claire Martin', 'Paris', 'FR', 'Parent of two; our baby gear deserves a second life.'],
  ['marta', 'Marta García', 'Madrid', 'ES', 'Photographer renting out the kit I am not using.'],
  ['joost', 'Joost de Vries', 'Amsterdam', 'NL', 'Cargo bikes, trailers and anything with wheels.'],
];

const CITY: Record<string, [string, string, number, number]> = {
  Berlin: ['Berlin', 'DE', 52.52, 13.405],
  Lisbon: ['Lisbon', 'PT', 38.7223, -9.1393],
  Porto: ['Porto', 'PT', 41.1579, -8.6291],
  Paris: ['Paris', 'FR', 48.8566, 2.3522],
  Madrid: ['Madrid', 'ES', 40.4168, -3.7038],
  Barcelona: ['Barcelona', 'ES', 41.3874, 2.1686],
  Amsterdam: ['Amsterdam', 'NL', 52.3676, 4.9041],
  Milan: ['Milan', 'IT', 45.4642, 9.19],
};

// title, subcategory slug, owner, city, daily price (cents), weekly, deposit, condition, tags, description
type Listing = [string, string, string, string, number, number | null, number, string, string[], string];
// prettier-ignore
const LISTINGS: Listing[] = [
  ['Makita 18V cordless drill', 'power-tools', 'lena', 'Berlin', 900, 4500, 5000, 'good', ['makita', 'cordless', 'drill'], 'Two 5 Ah batteries, charger and a box of wood and masonry bits.'],
  ['Bosch hammer drill SDS-plus', 'power-tools', 'lena', 'Berlin', 1200, 6000, 8000, 'like_new', ['bosch', 'hammer drill', 'concrete'], 'Drills through concrete walls without a fuss. Chisel attachment included.'],
  ['Circular saw with guide rail', 'power-tools', 'lena', 'Berlin', 1500, 7500, 10000, 'good', ['saw', 'woodwork'], 'Straight cuts in sheet material up to 55 mm. Spare blade in the case.'],
  ['Orbital sander', 'power-tools', 'joost', 'Amsterdam', 700, 3500, 3000, 'fair', ['sander', 'woodwork'], 'With 40 sheets of paper in grits 60 to 240.'],
  ['Socket wrench set, 94 pieces', 'hand-tools', 'lena', 'Berlin', 400, 2000, 2000, 'good', ['wrench', 'car'], 'Metric and imperial sockets, two ratchets, extension bars.'],
  ['Petrol lawn mower', 'garden-tools', 'joost', 'Amsterdam', 2000, 10000, 15000, 'good', ['lawn', 'mower', 'garden'], 'Self-propelled, 46 cm cut, grass box. Fuel not included.'],
  ['Hedge trimmer, battery', 'garden-tools', 'claire', 'Paris', 1000, 5000, 5000, 'like_new', ['hedge', 'garden', 'cordless'], 'Light and quiet; one battery lasts about 45 minutes.'],
  ['Aluminium extension ladder 7 m', 'ladders-scaffolding', 'tiago', 'Lisbon', 1200, 6000, 5000, 'good', ['ladder'], 'Three sections, stabiliser bar. Fits in an estate car.'],
  ['Kärcher pressure washer K5', 'cleaning-machines', 'marta', 'Madrid', 1800, 9000, 10000, 'good', ['karcher', 'pressure washer', 'patio'], 'Patio cleaner and rotating brush included.'],
  ['Carpet cleaner', 'cleaning-machines', 'claire', 'Paris', 2200, null, 10000, 'good', ['carpet', 'cleaning'], 'Deep cleans carpets and sofas; shampoo for two rooms included.'],
  ['Four-person dome tent', 'tents', 'tiago', 'Lisbon', 1500, 7000, 5000, 'good', ['tent', 'camping', 'festival'], 'Pitches in ten minutes, two porches, waterproof to 3000 mm.'],
  ['Ultralight one-person tent', 'tents', 'tiago', 'Porto', 1300, 6500, 5000, 'like_new', ['tent', 'hiking', 'ultralight'], '1.1 kg with poles. For the Camino or the Alps.'],
  ['Down sleeping bag -10 °C', 'sleeping-gear', 'lena', 'Berlin', 900, 4500, 5000, 'good', ['sleeping bag', 'winter'], 'Comfort to -4 °C, limit -10 °C. Washed after every rental.'],
  ['Camping stove and cookware', 'camping-kitchen', 'tiago', 'Lisbon', 600, 3000, 2000, 'good', ['stove', 'camping', 'cooking'], 'Two burners, pots, kettle. Gas cartridge not included.'],
  ['70 L trekking backpack', 'backpacks', 'marta', 'Madrid', 800, 4000, 5000, 'like_new', ['backpack', 'hiking'], 'Adjustable back, rain cover included.'],
  ['Sony A7 III with 28-70 mm', 'cameras', 'marta', 'Madrid', 4500, 22000, 80000, 'like_new', ['sony', 'camera', 'full frame'], 'Two batteries, 128 GB card, strap. Perfect for weddings.'],
  ['Canon 70-200 mm f/2.8 lens', 'cameras', 'marta', 'Barcelona', 3500, 17500, 60000, 'good', ['canon', 'lens', 'telephoto'], 'EF mount, image stabiliser. Hood and pouch included.'],
  ['GoPro Hero 12 with accessories', 'cameras', 'tiago', 'Lisbon', 1500, 7500, 20000, 'good', ['gopro', 'action camera', 'surf'], 'Chest and head mounts, floating grip, three batteries.'],
  ['DJI Mini 4 Pro drone', 'drones', 'marta', 'Madrid', 4000, 20000, 50000, 'like_new', ['dji', 'drone', '4k'], 'Under 249 g, so no licence needed in most of the EU. Three batteries.'],
  ['Full HD projector with 2 m screen', 'projectors-screens', 'claire', 'Paris', 2500, 12000, 15000, 'good', ['projector', 'movie night'], 'Garden cinema: projector, tripod screen and HDMI cable.'],
  ['JBL PartyBox 310', 'audio', 'tiago', 'Lisbon', 3000, 15000, 20000, 'good', ['jbl', 'speaker', 'party'], 'Battery powered, lights, two microphones for karaoke.'],
  ['PlayStation 5 with two controllers', 'gaming', 'joost', 'Amsterdam', 2000, 10000, 30000, 'like_new', ['playstation', 'gaming'], 'Five games included; bring your own TV.'],
  ['DJ controller Pioneer DDJ-400', 'dj-equipment', 'tiago', 'Porto', 2500, 12500, 20000, 'good', ['pioneer', 'dj', 'party'], 'Rekordbox ready, headphones included.'],
  ['LED par lights set (8) with controller', 'sound-lights', 'tiago', 'Lisbon', 3500, 17500, 20000, 'good', ['lights', 'party', 'wedding'], 'DMX controller, stands and cables. Sets up in 20 minutes.'],
  ['Party tent 3 × 6 m', 'party-tents-furniture', 'claire', 'Paris', 6000, null, 30000, 'good', ['party tent', 'wedding', 'garden'], 'Side walls with windows; sets up with two people in an hour.'],
  ['Folding tables and 20 chairs', 'party-tents-furniture', 'marta', 'Madrid', 4000, null, 20000, 'fair', ['tables', 'chairs', 'party'], 'Four 180 cm tables, twenty padded chairs. Van delivery on request.'],
  ['Chocolate fountain', 'catering-equipment', 'claire', 'Paris', 2500, null, 5000, 'good', ['fondue', 'party', 'kids'], 'For up to 60 guests. Clean it before returning, please.'],
  ['Gravel bike, size M', 'bikes', 'lena', 'Berlin', 2500, 12000, 30000, 'like_new', ['bike', 'gravel'], 'Shimano GRX, tubeless, two bottle cages. Helmet on request.'],
  ['Stand-up paddle board', 'water-sports', 'tiago', 'Lisbon', 2500, 12500, 15000, 'good', ['sup', 'paddle', 'beach'], 'Inflatable, pump, paddle, leash and waterproof bag.'],
  ['Surfboard 7\'6" mini malibu', 'water-sports', 'tiago', 'Porto', 1500, 7500, 10000, 'fair', ['surf', 'beginner'], 'Forgiving board for learning; wax and leash included.'],
  ['Touring skis with skins', 'winter-sports', 'lena', 'Berlin', 3500, 17500, 30000, 'good', ['skis', 'touring', 'winter'], '170 cm, Marker bindings, skins and crampons.'],
  ['Bugaboo Fox stroller', 'strollers', 'claire', 'Paris', 1500, 7000, 20000, 'like_new', ['bugaboo', 'stroller', 'baby'], 'Carrycot and seat, rain cover. Perfect for visiting grandparents.'],
  ['Isofix car seat 0-4 years', 'car-seats', 'claire', 'Paris', 1000, 5000, 10000, 'good', ['car seat', 'isofix', 'baby'], 'Rotating, rear-facing to 105 cm. Never been in an accident.'],
  ['Travel cot with mattress', 'travel-cots', 'claire', 'Paris', 600, 3000, 3000, 'good', ['cot', 'travel', 'baby'], 'Folds into a bag; fitted sheet included.'],
  ['Urban Arrow cargo bike', 'cargo-bikes', 'joost', 'Amsterdam', 4500, 22000, 50000, 'good', ['cargo bike', 'electric', 'kids'], 'Electric, rain tent, two child seats. Moves a fridge too.'],
  ['Bike trailer for two kids', 'trailers', 'joost', 'Amsterdam', 1200, 6000, 10000, 'good', ['trailer', 'kids', 'bike'], 'Converts to a jogging stroller. Hitch fits most bikes.'],
  ['Thule roof box 450 L', 'roof-boxes', 'joost', 'Amsterdam', 1500, 7500, 15000, 'good', ['thule', 'roof box', 'holiday'], 'Opens on both sides; roof bars for most cars on request.'],
  ['Electric scooter Xiaomi', 'e-scooters', 'marta', 'Milan', 1500, 7000, 20000, 'good', ['scooter', 'electric'], '30 km range, folding. Helmet included.'],
  ['Yamaha digital piano with stand', 'instruments', 'claire', 'Paris', 2500, 12000, 30000, 'like_new', ['piano', 'yamaha'], '88 weighted keys, bench and headphones.'],
  ['Fender guitar amp 40 W', 'amplifiers', 'lena', 'Berlin', 1200, 6000, 10000, 'good', ['fender', 'amp', 'guitar'], 'Clean and crunchy; footswitch included.'],
];

/** A stable id from a name, so reruns address the same rows. */
const stableId = (name: string) => {
  const h = createHash('sha256').update(`onesociety-demo:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export interface CatalogSeedReport {
  categories: number;
  owners: number;
  products: number;
}

export async function seedCatalog(dataSource: DataSource, bcryptCost: number): Promise<CatalogSeedReport> {
  return dataSource.transaction(async (m) => {
    const categories = await seedCategories(m);
    const owners = await seedOwners(m, bcryptCost);
    const products = await seedProducts(m);
    return { categories, owners, products };
  });
}

async function seedCategories(m: EntityManager): Promise<number> {
  const rows: [string, string | null, string, string][] = [];
  for (const [name, rootSlug, children] of TREE) {
    rows.push([stableId(`category:${rootSlug}`), null, name, rootSlug]);
    for (const child of children)
      rows.push([stableId(`category:${slug(child)}`), stableId(`category:${rootSlug}`), child, slug(child)]);
  }
  // Parents first (roots are listed before their children), one statement.
  const inserted = await m.query(
    `INSERT INTO catalog.categories (id, parent_id, name, name_key, slug)
     SELECT id, parent_id, name, lower(name), slug
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS r(id, parent_id, name, slug)
     ON CONFLICT DO NOTHING RETURNING id`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
  );
  return inserted.length;
}

async function seedOwners(m: EntityManager, bcryptCost: number): Promise<number> {
  const emails = OWNERS.map(([handle]) => `${handle}@demo.onesociety.local`);
  const existing: { email: string }[] = await m.query(
    'SELECT email FROM identity.users WHERE email = ANY($1)',
    [emails],
  );
  const missing = OWNERS.filter((_, i) => !existing.some((e) => e.email === emails[i]));
  if (missing.length === 0) return 0;
  // One hash for all of them: nobody knows the password, so sharing it reveals nothing.
  const passwordHash = hashSync(`Demo-${randomBytes(18).toString('base64url')}`, bcryptCost);
  let created = 0;
  for (const [handle, fullName, city, country, bio] of missing) {
    const id = stableId(`user:${handle}`);
    const inserted = await m.query(
      // Verified: demo owners stand for people who long since confirmed their address.
      `INSERT INTO identity.users (id, email, password_hash, role, email_verified_at) VALUES ($1, $2, $3, 'user', now())
       ON CONFLICT DO NOTHING RETURNING id`,
      [id, `${handle}@demo.onesociety.local`, passwordHash],
    );
    if (inserted.length === 0) continue;
    await m.query(
      `INSERT INTO identity.profiles (user_id, full_name, display_name, bio, avatar_url, city, country)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, fullName, fullName.split(' ')[0], bio, `https://i.pravatar.cc/300?u=${handle}`, city, country],
    );
    created++;
  }
  return created;
}

async function seedProducts(m: EntityManager): Promise<number> {
  const products = LISTINGS.map((l, i) => {
    const [title, categorySlug, owner, cityName, daily, weekly, deposit, condition, tags, description] = l;
    const [city, country, lat, lng] = CITY[cityName];
    // Spread pickup points around the city centre so distances differ.
    const jitter = (n: number) => (((i * 7919 + n * 104729) % 1000) / 1000 - 0.5) * 0.06;
    return {
      id: stableId(`product:${title}`),
      ownerId: stableId(`user:${owner}`),
      categoryId: stableId(`category:${categorySlug}`),
      title,
      description,
      tags,
      condition,
      city,
      country,
      lat: Math.round((lat + jitter(1)) * 1e5) / 1e5,
      lng: Math.round((lng + jitter(2)) * 1e5) / 1e5,
      daily,
      weekly,
      deposit,
      minDays: daily >= 4000 ? 2 : 1,
      leadTimeDays: i % 3 === 0 ? 1 : 0,
      bufferDays: i % 4 === 0 ? 1 : 0,
    };
  });
  const col = <K extends keyof (typeof products)[number]>(k: K) => products.map((p) => p[k]);
  const inserted: { id: string }[] = await m.query(
    `INSERT INTO catalog.products (id, owner_id, category_id, title, description, tag_names, specifications,
       condition, city, country, latitude, longitude, daily_price, weekly_price, deposit, currency,
       min_days, max_days, lead_time_days, buffer_days, status, listed_at)
     SELECT r.id, r.owner_id, r.category_id, r.title, r.description,
       ARRAY(SELECT jsonb_array_elements_text(r.tags)), '{}'::jsonb, r.condition, r.city, r.country,
       r.lat, r.lng, r.daily, r.weekly, r.deposit, 'EUR', r.min_days, 30, r.lead, r.buffer, 'active', now()
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[],
       $9::text[], $10::float8[], $11::float8[], $12::int[], $13::int[], $14::int[], $15::int[], $16::int[], $17::int[])
       AS r(id, owner_id, category_id, title, description, tags, condition, city, country, lat, lng, daily, weekly,
            deposit, min_days, lead, buffer)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      col('id'),
      col('ownerId'),
      col('categoryId'),
      col('title'),
      col('description'),
      products.map((p) => JSON.stringify(p.tags)),
      col('condition'),
      col('city'),
      col('country'),
      col('lat'),
      col('lng'),
      col('daily'),
      col('weekly'),
      col('deposit'),
      col('minDays'),
      col('leadTimeDays'),
      col('bufferDays'),
    ],
  );
  const fresh = new Set(inserted.map((r) => r.id));
  if (fresh.size === 0) return 0;
  const added = products.filter((p) => fresh.has(p.id));

  const tagNames = [...new Set(added.flatMap((p) => p.tags))];
  await m.query(
    `INSERT INTO catalog.tags (id, name, name_key)
     SELECT gen_random_uuid(), n, lower(n) FROM unnest($1::text[]) AS n ON CONFLICT (name_key) DO NOTHING`,
    [tagNames],
  );
  await m.query(
    `INSERT INTO catalog.product_tags (product_id, tag_id)
     SELECT p.id, t.id FROM catalog.products p CROSS JOIN LATERAL unnest(p.tag_names) AS n
     JOIN catalog.tags t ON t.name_key = lower(n) WHERE p.id = ANY($1::uuid[]) ON CONFLICT DO NOTHING`,
    [[...fresh]],
  );
  // Two images each, from a placeholder service that serves a stable picture per seed word.
  const images = added.flatMap((p) =>
    [0, 1].map((position) => [
      randomUUID(),
      p.id,
      position,
      `https://picsum.photos/seed/${slug(p.title)}-${position + 1}/1200/900`,
      position === 0 ? p.title : `${p.title}, detail`,
    ]),
  );
  await m.query(
    `INSERT INTO catalog.product_images (id, product_id, position, url, alt)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[])`,
    [0, 1, 2, 3, 4].map((k) => images.map((row) => row[k])),
  );
  // Listed now: tell the other contexts, as the API would.
  await m.query(
    `INSERT INTO catalog.outbox_events (id, type, version, payload, occurred_at)
     SELECT gen_random_uuid(), 'catalog.ProductListed', 1,
       jsonb_build_object('productId', p.id, 'ownerId', p.owner_id, 'title', p.title, 'status', p.status), now()
     FROM catalog.products p WHERE p.id = ANY($1::uuid[])`,
    [[...fresh]],
  );
  return fresh.size;
}

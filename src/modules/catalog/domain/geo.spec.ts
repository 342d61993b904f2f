import { boundingBox, haversineKm, parseNear } from './geo';

describe('haversineKm', () => {
  it.each([
    ['Lisbon–Porto', [38.7223, -9.1393, 41.1579, -8.6291], 274, 2],
    ['Paris–Berlin', [48.8566, 2.3522, 52.52, 13.405], 878, 3],
    ['same point', [10, 20, 10, 20], 0, 0.001],
    ['across the antimeridian', [0, 179.5, 0, -179.5], 111.2, 0.5],
  ] as const)('%s', (_label, [a, b, c, d], km, tolerance) => {
    expect(Math.abs(haversineKm(a, b, c, d) - km)).toBeLessThanOrEqual(tolerance);
  });
});

describe('boundingBox', () => {
  it('contains every point of the circle (sampled along its edge)', () => {
    for (const [lat, lng, r] of [
      [38.72, -9.14, 25],
      [60, 10, 100],
      [-33.9, 18.4, 5],
      [0, 0, 500],
    ]) {
      const box = boundingBox(lat, lng, r);
      for (let bearing = 0; bearing < 360; bearing += 5) {
        // A point r km away at this bearing (spherical destination formula).
        const d = r / 6371.0088;
        const θ = (bearing * Math.PI) / 180;
        const φ1 = (lat * Math.PI) / 180;
        const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
        const λ2 =
          (lng * Math.PI) / 180 +
          Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
        const [plat, plng] = [(φ2 * 180) / Math.PI, (λ2 * 180) / Math.PI];
        expect(plat).toBeGreaterThanOrEqual(box.minLat);
        expect(plat).toBeLessThanOrEqual(box.maxLat);
        expect(plng).toBeGreaterThanOrEqual(box.minLng!);
        expect(plng).toBeLessThanOrEqual(box.maxLng!);
      }
    }
  });

  it('gives up the longitude bounds near a pole or across the antimeridian', () => {
    expect(boundingBox(89.9, 0, 50)).toMatchObject({ minLng: null, maxLng: null, maxLat: 90 });
    expect(boundingBox(0, 179.9, 50)).toMatchObject({ minLng: null, maxLng: null });
    expect(boundingBox(0, -179.9, 50)).toMatchObject({ minLng: null, maxLng: null });
  });

  it('stays small for a small radius', () => {
    const box = boundingBox(38.72, -9.14, 1);
    expect(box.maxLat - box.minLat).toBeCloseTo(2 / 111.045, 5);
  });
});

describe('parseNear', () => {
  it.each([
    ['38.7223,-9.1393', { lat: 38.7223, lng: -9.1393 }],
    [' 0 , 0 ', { lat: 0, lng: 0 }],
    ['-90,180', { lat: -90, lng: 180 }],
    ['90.1,0', null],
    ['0,-180.5', null],
    ['38.7', null],
    ['a,b', null],
    ['1e2,3', null],
    ['', null],
  ])('%j -> %j', (input, expected) => {
    expect(parseNear(input)).toEqual(expected);
  });
});

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_LAT = 111.045;

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  /** null when the box spans every longitude (near a pole) or crosses the antimeridian. */
  minLng: number | null;
  maxLng: number | null;
}

/**
 * A box that surely contains every point within `radiusKm` of the centre; an index on (lat, lng)
 * can answer it, then the exact distance weeds out the corners.
 */
export function boundingBox(lat: number, lng: number, radiusKm: number): BoundingBox {
  const dLat = radiusKm / KM_PER_DEGREE_LAT;
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  // Longitude degrees shrink with latitude; the widest point of the circle is at the largest |lat|.
  const widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
  const cos = Math.cos((widest * Math.PI) / 180);
  if (cos < 1e-6) return { minLat, maxLat, minLng: null, maxLng: null };
  const dLng = radiusKm / (KM_PER_DEGREE_LAT * cos);
  if (dLng >= 180 || lng - dLng < -180 || lng + dLng > 180)
    return { minLat, maxLat, minLng: null, maxLng: null };
  return { minLat, maxLat, minLng: lng - dLng, maxLng: lng + dLng };
}

/** Great-circle distance in km (haversine); the SQL in search uses the same formula. */
export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export const EARTH_RADIUS = EARTH_RADIUS_KM;

/** Parses `near=lat,lng`; null when it is not two numbers in range. */
export function parseNear(value: string): { lat: number; lng: number } | null {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(value);
  if (!match) return null;
  const lat = Number(match[1]);
  const lng = Number(match[2]);
  if (lat < -90 || lat > 90 || lng < -180 || lng > 180) return null;
  return { lat, lng };
}

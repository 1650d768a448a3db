import { describe, expect, it } from "vitest";
import { directionsUrl, distanceKm } from "./geo";

describe("field job distances", () => {
  it("measures great-circle distance in km", () => {
    // Tanauan city hall to Lipa cathedral, about 16 km apart.
    expect(distanceKm({ lat: 14.0863, lng: 121.1497 }, { lat: 13.9411, lng: 121.1631 })).toBeCloseTo(16.2, 0);
    expect(distanceKm({ lat: 14, lng: 121 }, { lat: 14, lng: 121 })).toBe(0);
  });
  it("links directions to the customer's coordinates", () => {
    expect(directionsUrl(14.08, 121.15)).toBe("https://www.google.com/maps/dir/?api=1&destination=14.08,121.15");
  });
});

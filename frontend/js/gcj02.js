// WGS-84 <-> GCJ-02, a port of resourcemap/geo/transform.py (tested against it in
// tests/browser/test_gcj02_port.py). Used when the tiles are in GCJ-02 (AMap): markers,
// outlines and the user's position are shifted so they sit on the right streets.
(function (root) {
  "use strict";
  var A = 6378245.0;
  var EE = 0.00669342162296594323;
  var MAX_ITER = 30;
  var TOL_DEG = 1e-10;

  function outOfChina(lon, lat) {
    return !(lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271);
  }

  function transformLat(x, y) {
    var ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    ret += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
    ret += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320.0 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
    return ret;
  }

  function transformLon(x, y) {
    var ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    ret += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
    ret += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
    return ret;
  }

  function wgs84ToGcj02(lon, lat) {
    if (outOfChina(lon, lat)) return [lon, lat];
    var dlat = transformLat(lon - 105.0, lat - 35.0);
    var dlon = transformLon(lon - 105.0, lat - 35.0);
    var radlat = lat / 180.0 * Math.PI;
    var magic = 1.0 - EE * Math.pow(Math.sin(radlat), 2);
    var sqrtmagic = Math.sqrt(magic);
    dlat = (dlat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrtmagic) * Math.PI);
    dlon = (dlon * 180.0) / (A / sqrtmagic * Math.cos(radlat) * Math.PI);
    return [lon + dlon, lat + dlat];
  }

  // Fixed-point iteration, as in the Python module: sub-millimetre, not the usual
  // one-step inverse that is off by metres.
  function gcj02ToWgs84(lon, lat) {
    if (outOfChina(lon, lat)) return [lon, lat];
    var wlon = lon;
    var wlat = lat;
    for (var i = 0; i < MAX_ITER; i++) {
      var g = wgs84ToGcj02(wlon, wlat);
      var elon = g[0] - lon;
      var elat = g[1] - lat;
      wlon -= elon;
      wlat -= elat;
      if (Math.abs(elon) < TOL_DEG && Math.abs(elat) < TOL_DEG) break;
    }
    return [wlon, wlat];
  }

  root.ResourceMapGeo = { outOfChina: outOfChina, wgs84ToGcj02: wgs84ToGcj02, gcj02ToWgs84: gcj02ToWgs84 };
})(window);

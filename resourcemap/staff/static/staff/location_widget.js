/* Starts django-leaflet's editable map for each location widget, from data attributes and a
   JSON block instead of the inline script django-leaflet writes (blocked by our CSP). */
(function () {
  'use strict';

  function start(container) {
    var options = JSON.parse(document.getElementById(container.dataset.optionsId).textContent);
    var field = {
      fieldid: container.dataset.fieldId,
      modifiable: container.dataset.modifiable === 'true',
      geom_type: container.dataset.geomType,
      srid: 4326,
      field_store_class: L.FieldStore
    };
    L.Map.djangoMap(container.id, {
      djoptions: options,
      initfunc: function () { start(container); },
      globals: false,
      callback: function (map, mapOptions) {
        field.precision = mapOptions.djoptions.precision;
        var geometryField = new L.GeometryField(field);
        geometryField.addTo(map);
        makeMarkerDraggable(map, geometryField);
      }
    });
  }

  // Dragging the marker saves at once: no need to open leaflet.draw's edit mode first.
  function makeMarkerDraggable(map, geometryField) {
    geometryField.drawnItems.eachLayer(function (layer) {
      if (!layer.dragging) return;
      layer.dragging.enable();
      layer.on('dragend', function () {
        geometryField.store.save(geometryField.drawnItems);
      });
    });
    map.on('draw:created', function (e) {
      if (e.layer.dragging) {
        e.layer.dragging.enable();
        e.layer.on('dragend', function () { geometryField.store.save(geometryField.drawnItems); });
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-location-widget]').forEach(start);
  });
})();

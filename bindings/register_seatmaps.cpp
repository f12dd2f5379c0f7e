#include "prelude.hpp"

#include <pybind11/native_enum.h>

#include "ticketcore/rules/seatmap_rules.hpp"
#include "ticketcore/services/seatmaps.hpp"

namespace ticketcore::bindings {

namespace {

/// A list of NewSeat, its length checked before any item is converted.
std::vector<NewSeat> to_new_seats(const py::object& seats) {
    if (py::isinstance<py::str>(seats) || py::isinstance<py::bytes>(seats) || !py::isinstance<py::sequence>(seats)) {
        throw py::type_error("seats must be a list of NewSeat, not " +
                             plain_text(py::type::of(seats).attr("__name__")));
    }
    if (static_cast<std::int64_t>(py::len(seats)) > rules::max_seats_per_call) {
        throw fail::seat_batch_too_large(rules::max_seats_per_call);
    }
    return convert<std::vector<NewSeat>>(seats, "seats", "a list of NewSeat");
}

}  // namespace

void register_seatmaps(py::module_& m) {
    py::native_enum<SeatStatus>(m, "SeatStatus", "enum.Enum",
                                "Where a seat stands on the ledger: free, held (reserved) or sold.")
        .value("FREE", SeatStatus::Free)
        .value("HELD", SeatStatus::Held)
        .value("SOLD", SeatStatus::Sold)
        .finalize();

    py::class_<SeatMap> seatmap(m, "SeatMap", "A seat map of an event.");
    seatmap.def_readonly("id", &SeatMap::id)
        .def_readonly("event_id", &SeatMap::event_id)
        .def_readonly("name", &SeatMap::name)
        .def_readonly("created", &SeatMap::created);
    add_value_dunders(seatmap);

    py::class_<NewSeat> new_seat(m, "NewSeat", "A seat to add to a seat map (seatmaps.add_seats).");
    new_seat
        .def(py::init([](const std::string& section, const std::string& row, const std::string& number,
                         const std::string& label, const py::object& ticket_type_ids) {
                 return NewSeat{section, row, number, label, to_strings(ticket_type_ids, "ticket_type_ids")};
             }),
             named_args(), py::arg("section"), py::arg("row"), py::arg("number"), py::arg("label"),
             py::arg("ticket_type_ids") = py::tuple())
        .def_readonly("section", &NewSeat::section)
        .def_readonly("row", &NewSeat::row)
        .def_readonly("number", &NewSeat::number)
        .def_readonly("label", &NewSeat::label)
        .def_property_readonly("ticket_type_ids", [](const NewSeat& self) { return to_tuple(self.ticket_type_ids); });
    add_value_dunders(new_seat);

    py::class_<Seat> seat(m, "Seat", "A seat of a seat map with its status.");
    seat.def_readonly("id", &Seat::id)
        .def_readonly("seatmap_id", &Seat::seatmap_id)
        .def_readonly("section", &Seat::section)
        .def_readonly("row", &Seat::row)
        .def_readonly("number", &Seat::number)
        .def_readonly("label", &Seat::label)
        .def_property_readonly("ticket_type_ids", [](const Seat& self) { return to_tuple(self.ticket_type_ids); })
        .def_readonly("status", &Seat::status);
    add_value_dunders(seat);

    py::class_<Volume> volume(m, "Volume", "A general-admission zone of a seat map with its live counters.");
    volume.def_readonly("id", &Volume::id)
        .def_readonly("seatmap_id", &Volume::seatmap_id)
        .def_readonly("name", &Volume::name)
        .def_readonly("capacity", &Volume::capacity)
        .def_readonly("sold", &Volume::sold)
        .def_readonly("reserved", &Volume::reserved)
        .def_readonly("available", &Volume::available)
        .def_property_readonly("ticket_type_ids", [](const Volume& self) { return to_tuple(self.ticket_type_ids); });
    add_value_dunders(volume);

    add_page_class<Seat>(m, "SeatPage", "A page of a seat map's seats, in the order they were added.");

    py::class_<SeatMaps>(m, "SeatMaps", "Seat maps of events: seats and general-admission volumes.")
        .def("create", &SeatMaps::create, named_args(), py::arg("event_id"), py::arg("name"), release_gil())
        .def(
            "add_seats",
            [](const SeatMaps& self, const std::string& seatmap_id, const py::object& seats) {
                const std::vector<NewSeat> list = to_new_seats(seats);
                GilRelease release;
                return self.add_seats(seatmap_id, list);
            },
            named_args(), py::arg("seatmap_id"), py::arg("seats"))
        .def(
            "add_volume",
            [](const SeatMaps& self, const std::string& seatmap_id, const std::string& name, Int64 capacity,
               const py::object& ticket_type_ids) {
                const auto ids = to_strings(ticket_type_ids, "ticket_type_ids");
                GilRelease release;
                return self.add_volume(seatmap_id, name, capacity.value, ids);
            },
            named_args(), py::arg("seatmap_id"), py::arg("name"), py::kw_only(), py::arg("capacity"),
            py::arg("ticket_type_ids") = py::tuple())
        .def("get", &SeatMaps::get, named_args(), py::arg("seatmap_id"), release_gil())
        .def("list", &SeatMaps::list, named_args(), py::arg("event_id"), release_gil())
        .def(
            "seats",
            [](const SeatMaps& self, const std::string& seatmap_id, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.seats(seatmap_id, page);
            },
            named_args(), py::arg("seatmap_id"), py::kw_only(), py::arg("first") = Int64{default_page_size},
            py::arg("after") = py::none())
        .def("seat", &SeatMaps::seat, named_args(), py::arg("seatmap_id"), py::arg("seat_id"), release_gil())
        .def("volumes", &SeatMaps::volumes, named_args(), py::arg("seatmap_id"), release_gil())
        .def("volume", &SeatMaps::volume, named_args(), py::arg("seatmap_id"), py::arg("volume_id"), release_gil());
}

}  // namespace ticketcore::bindings

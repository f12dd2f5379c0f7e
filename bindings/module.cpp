#include "prelude.hpp"

PYBIND11_MODULE(_core, m, py::mod_gil_not_used()) {
    m.doc() = "ticketcore's compiled core; import the `ticketcore` package instead.";
    using namespace ticketcore::bindings;
    wait_for_calls_at_exit();
    register_errors(m);
    register_values(m);
    register_store(m);
    register_catalog(m);
    register_orders(m);
    register_refunds(m);
    register_sales(m);
    register_door(m);
    register_staff(m);
    register_products(m);
    register_seatmaps(m);
    register_reports(m);
#ifdef TICKETCORE_TEST_HOOKS
    register_testing(m);  // only in a test build (TICKETCORE_TEST_HOOKS)
#endif
}

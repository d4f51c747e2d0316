package dev.initlab.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page's workers and queue section on its own, which the page fetches every few seconds to stay live. */
@Controller
class WorkerPanel {

    private final WorkerBoard board;

    WorkerPanel(WorkerBoard board) {
        this.board = board;
    }

    @GetMapping("/workers/panel")
    String panel(Model model) {
        model.addAttribute("workers", board.snapshot());
        return "workers/panel :: panel";
    }
}

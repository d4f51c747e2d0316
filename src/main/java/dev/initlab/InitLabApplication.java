package dev.initlab;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class InitLabApplication {

    public static void main(String[] args) {
        SpringApplication.run(InitLabApplication.class, args);
    }
}

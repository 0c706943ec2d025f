package dev.analytics.server.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard's scripts and styles under {@code /admin/assets/}: the only files the service serves. Spring Boot's
 * own static mappings ({@code /**} and {@code /webjars/**} over every jar's {@code META-INF/resources}) are off
 * ({@code spring.web.resources.add-mappings}), so that no library's files (such as the Swagger UI's, which belong
 * on the management port) are published on the public port just by being on the classpath.
 */
@Configuration(proxyBeanMethods = false)
class DashboardAssets implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/admin/assets/**")
                .addResourceLocations("classpath:/META-INF/resources/admin/assets/");
    }
}
